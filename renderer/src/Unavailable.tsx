// Shown when the page has neither Electron's bridge nor a launch token: opened from disk, or from a
// bookmark of the service's address without its token.
export function Unavailable() {
  return (
    <section className="screen" aria-labelledby="unavailable-heading">
      <h2 id="unavailable-heading">Not connected to the connector</h2>
      <p>This page could not find the DropStream Connector it belongs to.</p>
      <ul>
        <li>
          On a server, open the address the connector service printed when it started, or the one in the dashboard-address file of its data folder. It looks like{' '}
          <code>http://127.0.0.1:PORT/?token=…</code> and must include the token.
        </li>
        <li>On a desktop, open DropStream Connector from its tray icon instead.</li>
      </ul>
    </section>
  );
}
