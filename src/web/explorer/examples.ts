/** The operations of schema/operations, read at build time, as GraphiQL's first tabs. */
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

// bundled as text: the explorer shows exactly what the clients send, comments included
const files = import.meta.glob<string>('../../../schema/operations/**/*.graphql', { query: '?raw', import: 'default', eager: true });

export interface ExampleTab {
  query: string;
  variables: string;
}

/** A tab per operation, by client folder and name; its required variables listed with null values to fill in. */
export function exampleTabs(): ExampleTab[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, query]) => {
      const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const required = (operation?.variableDefinitions ?? []).filter((v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue);
      const variables = Object.fromEntries(required.map((v) => [v.variable.name.value, null]));
      return { query: query.trimEnd() + '\n', variables: required.length ? JSON.stringify(variables, null, 2) : '' };
    });
}

/**
 * The fragments the operations define, for a tab that uses one defined in another file (the live dashboard uses the
 * dashboard's): GraphiQL adds those a document spreads and does not define as it runs it.
 */
export function exampleFragments(): FragmentDefinitionNode[] {
  return Object.values(files).flatMap((text) => parse(text).definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION));
}

/** The first tab: who the hub takes the caller to be, the quickest check of a token. */
export const VIEWER_TAB: ExampleTab = {
  query: `# Who the hub takes you to be: paste a token above (npm run token makes one), then run this (Ctrl-Enter).
query Viewer {
  viewer {
    role
    subject
    jurisdictions
  }
}
`,
  variables: '',
};
