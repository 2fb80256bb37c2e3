export function App() {
  return (
    <main>
      <h1>DropStream Connector</h1>
      <p>Connecting…</p>
    </main>
  );
}
