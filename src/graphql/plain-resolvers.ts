import { isObjectType, type GraphQLSchema } from 'graphql';
import type { ClassType } from 'type-graphql';
import { plainResolverOf } from '../internals/type-graphql-metadata';

interface PlainField {
  typeName: string;
  field: string;
  resolver: ClassType;
  method: string;
}

const plainFields: PlainField[] = [];

/**
 * Declares that a field is resolved by its decorated method called as a plain graphql-js resolver (plainResolverOf):
 * the fields resolved once per row (ids, relations) and the root queries of rows, where type-graphql's conversion of
 * every argument into class instances cost more than planning the read (a filter's input most of all).
 */
export function resolvePlainly(typeName: string, field: string, resolver: ClassType, method: string): void {
  plainFields.push({ typeName, field, resolver, method });
}

/** Installs the plain resolvers of the declared fields, once the schema is built. */
export function installPlainResolvers(schema: GraphQLSchema): void {
  for (const { typeName, field, resolver, method } of plainFields) {
    const type = schema.getType(typeName);
    const target = isObjectType(type) ? type.getFields()[field] : undefined;
    if (!target) throw new Error(`${typeName}.${field} is declared as resolved plainly but is not in the schema`);
    target.resolve = plainResolverOf(resolver, method);
  }
}
