import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { chooseApi } from './api/choose-api.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const choice = chooseApi({
  connector: (window as Window & { connector?: unknown }).connector,
  location: window.location,
  history: window.history,
  sessionStorage: window.sessionStorage,
});
createRoot(root).render(
  <StrictMode>
    <App choice={choice} initialHash={window.location.hash} />
  </StrictMode>,
);
