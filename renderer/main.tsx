/** Entry point: picks the transport (Electron IPC when the preload bridge is there, else HTTP) and mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Api } from './api/api.ts';
import { ApiContext } from './api/context.ts';
import { httpApi, tokenFromHash } from './api/http.ts';
import { ipcApi } from './api/ipc.ts';
import { App } from './components/App.tsx';
import './styles.css';

const TOKEN_KEY = 'pulse.token';

/** A token handed over in the fragment (#token=…) is kept for this tab only and removed from the address bar. */
function takeToken(): boolean {
  const token = tokenFromHash(window.location.hash);
  if (token === null) return false;
  sessionStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', window.location.pathname + window.location.search);
  return true;
}

function browserApi(): Api {
  takeToken();
  // A token typed into the address bar after a refusal applies at once.
  window.addEventListener('hashchange', () => {
    if (takeToken()) void client.invalidateQueries();
  });
  return httpApi({ base: document.baseURI, token: () => sessionStorage.getItem(TOKEN_KEY) });
}

const api = window.pulse ? ipcApi(window.pulse) : browserApi();
const client = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // A failure is shown at once, with a "Try again" button, rather than retried behind a spinner.
      retry: false,
    },
  },
});
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={client}>
        <App tz={tz} />
      </QueryClientProvider>
    </ApiContext.Provider>
  </StrictMode>,
);
