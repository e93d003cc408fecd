/**
 * The analyst's explorer: GraphiQL (Monaco editors, schema documentation, autocompletion) on the hub's /graphql,
 * with a token field and the operations of schema/operations as example tabs.
 */
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { StrictMode, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { exampleTabs, VIEWER_TAB } from './examples';
import './explorer.css';

const TOKEN_KEY = 'peer-workforce-hub.token';
const defaultTabs = [VIEWER_TAB, ...exampleTabs()];

function Explorer() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  const tokenRef = useRef(token);
  tokenRef.current = token;
  // a new fetcher makes GraphiQL fetch the schema again: done when the token is settled, not at every keystroke
  const [schemaRound, setSchemaRound] = useState(0);
  const applyToken = () => {
    sessionStorage.setItem(TOKEN_KEY, tokenRef.current.trim());
    setSchemaRound((round) => round + 1);
  };

  const fetcher = useMemo<GraphiQLProps['fetcher']>(
    () => async (params, options) => {
      const headers = new Headers(options?.headers as Record<string, string> | undefined);
      const bearer = tokenRef.current.trim();
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      // POST with JSON: what CSRF prevention in production lets through
      headers.set('content-type', 'application/json');
      headers.set('accept', 'application/graphql-response+json, application/json');
      const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
      return response.json();
    },
    [schemaRound],
  );

  return (
    <div className="hub-explorer">
      <header className="hub-bar">
        <strong>Peer Workforce Hub</strong>
        <span className="hub-bar-title">Explorer</span>
        <label className="hub-token">
          Token
          <input
            id="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="Bearer token (empty: PUBLIC)"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            onBlur={applyToken}
            onKeyDown={(event) => event.key === 'Enter' && applyToken()}
          />
        </label>
        <a href="/dashboard">Dashboard</a>
      </header>
      <main className="hub-graphiql">
        <GraphiQL fetcher={fetcher} defaultTabs={defaultTabs} defaultEditorToolsVisibility shouldPersistHeaders={false} />
      </main>
    </div>
  );
}

createRoot(document.getElementById('explorer')!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
