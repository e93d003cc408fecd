/**
 * The analyst's explorer: GraphiQL (Monaco editors, schema documentation, autocompletion) on the hub's /graphql,
 * with a token field and the operations of schema/operations as example tabs. Subscriptions run over WebSocket
 * (graphql-ws) with the same token; queries and mutations over HTTP.
 */
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { StrictMode, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { exampleFragments, exampleTabs, VIEWER_TAB } from './examples';
import './explorer.css';

const TOKEN_KEY = 'peer-workforce-hub.token';
const defaultTabs = [VIEWER_TAB, ...exampleTabs()];
const externalFragments = exampleFragments();
const webSocketUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;

/**
 * The operation a run sends: the one named, or the lone operation of the text (GraphiQL may still name the operation
 * of the text before the last edit), or none when the text does not parse.
 */
function chosenOperation(text: string, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = (parsedOrUndefined(text)?.definitions ?? []).filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operations.find((o) => operationName && o.name?.value === operationName) ?? (operations.length === 1 ? operations[0] : undefined);
}

function parsedOrUndefined(text: string): DocumentNode | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

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

  // one socket for the token applied: connection_init carries it, so a new token opens a new socket
  const sockets = useMemo(
    () =>
      createClient({
        url: webSocketUrl,
        connectionParams: () => (tokenRef.current.trim() ? { authorization: `Bearer ${tokenRef.current.trim()}` } : {}),
      }),
    [schemaRound],
  );
  useEffect(() => () => void sockets.dispose(), [sockets]);

  const fetcher = useMemo<GraphiQLProps['fetcher']>(
    () => async (params, options) => {
      // GraphiQL reads the answers as they come, and stops the subscription by ending the iteration
      // the text sent decides, not GraphiQL's parse of the editor, which may lag behind the last keystrokes
      const operation = chosenOperation(params.query, params.operationName);
      const sent = operation ? { ...params, operationName: operation.name?.value ?? null } : params;
      if (operation?.operation === 'subscription') return sockets.iterate(sent);
      const headers = new Headers(options?.headers as Record<string, string> | undefined);
      const bearer = tokenRef.current.trim();
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      // POST with JSON: what CSRF prevention in production lets through
      headers.set('content-type', 'application/json');
      headers.set('accept', 'application/graphql-response+json, application/json');
      const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(sent) });
      return response.json();
    },
    [sockets],
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
        <GraphiQL fetcher={fetcher} defaultTabs={defaultTabs} externalFragments={externalFragments} defaultEditorToolsVisibility shouldPersistHeaders={false} />
      </main>
    </div>
  );
}

createRoot(document.getElementById('explorer')!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
