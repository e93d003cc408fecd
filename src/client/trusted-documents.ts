import { createHash } from 'node:crypto';
import { Kind, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';

/** The trusted documents: sha256 of a document's text, as clients send it, to that text. */
export type TrustedDocuments = Record<string, string>;

/** Where codegen writes them (checked in; the server reads them at start). */
export const TRUSTED_DOCUMENTS_FILE = 'src/client/trusted-documents.json';

/** How Apollo names a document: the hex sha256 of its text (APQ's sha256Hash). */
export function documentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The fragments a definition uses, each after those it uses itself, as codegen's typed documents list them. */
function fragmentsUsed(definition: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>, found = new Map<string, FragmentDefinitionNode>(), visiting = new Set<string>()) {
  visit(definition, {
    FragmentSpread(node) {
      const fragment = fragments.get(node.name.value);
      if (!fragment || found.has(fragment.name.value) || visiting.has(fragment.name.value)) return;
      visiting.add(fragment.name.value);
      fragmentsUsed(fragment, fragments, found, visiting);
      found.set(fragment.name.value, fragment);
    },
  });
  return found;
}

/**
 * Each operation with the fragments it uses, printed as the typed documents of src/client/operations.ts print
 * (what a client sends), keyed by hash.
 */
export function trustedDocumentsOf(documents: readonly DocumentNode[]): TrustedDocuments {
  const definitions = documents.flatMap((document) => document.definitions);
  const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const trusted: TrustedDocuments = {};
  for (const operation of definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)) {
    const text = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsed(operation, fragments).values()] });
    trusted[documentHash(text)] = text;
  }
  return Object.fromEntries(Object.entries(trusted).sort(([a], [b]) => a.localeCompare(b)));
}

/** graphql-codegen plugin: writes the trusted documents of schema/operations as JSON. */
export const plugin = (_schema: unknown, documents: { document?: DocumentNode }[]): string =>
  JSON.stringify(trustedDocumentsOf(documents.flatMap((file) => (file.document ? [file.document] : []))), null, 2) + '\n';
