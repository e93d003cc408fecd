/**
 * Where the hub reads or writes type-graphql's metadata storage, or declares by hand what decorators would: the
 * storage is type-graphql's own, not a documented API. Tested in test/internals.test.ts.
 */
import 'reflect-metadata';
import type { GraphQLResolveInfo } from 'graphql';
import { getMetadataStorage, type ClassType } from 'type-graphql';

/** The GraphQL type a field was declared with (its `@Field(() => T)`), looked up through the class and its ancestors. */
export function declaredFieldType(type: Function, property: string): unknown {
  const fields = getMetadataStorage().fields;
  for (let current: Function | null = type; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    const field = fields.find((f) => f.target === current && f.name === property);
    if (field) return field.getType();
  }
  throw new Error(`${type.name}.${property} is not a GraphQL field`);
}

/** Whether a field was declared as a list (`@Field(() => [T])`): type-graphql keeps the list in its type options. */
export function declaredFieldIsList(type: Function, property: string): boolean {
  const fields = getMetadataStorage().fields;
  for (let current: Function | null = type; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    const field = fields.find((f) => f.target === current && f.name === property);
    if (field) return !!field.typeOptions.array;
  }
  throw new Error(`${type.name}.${property} is not a GraphQL field`);
}

/** The GraphQL name an enum was registered under (registerEnumType). */
export function registeredEnumName(enumObject: object): string {
  const enumInfo = getMetadataStorage().enums.find((e) => e.enumObj === enumObject);
  if (!enumInfo) throw new Error('enum is not registered with type-graphql');
  return enumInfo.name;
}

/**
 * Plain fields read their property with graphql-js's own default resolver. Without `simple`, type-graphql wraps each
 * in a resolver that builds a middleware context per value, thousands per dashboard answer; the hub has no
 * middlewares and no @Authorized (access is decided in the resolvers and their SQL), so the wrapper only reads
 * `root[name]`. A field named apart from its property, or given middlewares or roles, keeps it. Call before the
 * schema is built.
 */
export function resolvePlainFieldsByDefault(): void {
  const storage = getMetadataStorage();
  // attached to the fields only as the schema builds: read from where the decorators put them
  const guarded = new Set([...storage.authorizedFields, ...storage.middlewares].map((m) => `${m.target.name}.${m.fieldName}`));
  for (const field of storage.fields) {
    if (field.simple === undefined && field.name === field.schemaName && !guarded.has(`${field.target.name}.${field.name}`)) field.simple = true;
  }
}

/**
 * Adds a method to a resolver class and decorates it as if it were written out: for fields made from declarations
 * (one per relation, one per key of a grouped aggregate). TypeScript's decorator metadata, which type-graphql reads
 * for every parameter, is recorded by hand, since no method was written for the compiler to describe.
 */
export function defineResolverMethod(
  resolver: ClassType,
  name: string,
  method: (...params: never[]) => unknown,
  parameters: readonly ((prototype: object, method: string, index: number) => void)[],
  decorate: (prototype: object, method: string, descriptor: PropertyDescriptor) => void,
): void {
  const prototype = resolver.prototype as Record<string, unknown>;
  prototype[name] = method;
  Reflect.defineMetadata('design:paramtypes', parameters.map(() => Object), prototype, name);
  Reflect.defineMetadata('design:returntype', Object, prototype, name);
  parameters.forEach((parameter, index) => parameter(prototype, name, index));
  decorate(prototype, name, Object.getOwnPropertyDescriptor(prototype, name)!);
}

type PlainResolve = (root: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => unknown;
type ParamReader = (root: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => unknown;

/** A class and its ancestors: a resolver class inherits the methods, parameters and middlewares declared on them. */
function lineage(type: Function): Function[] {
  const classes: Function[] = [];
  for (let current: Function | null = type; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) classes.push(current);
  return classes;
}

function paramReader(resolver: ClassType, method: string, param: ParamMetadata): ParamReader {
  const at = `${resolver.name}.${method}, parameter ${param.index}`;
  switch (param.kind) {
    case 'root': {
      // type-graphql would make an instance of a class given as the root's type; rows are plain objects here
      const type = param.getType?.();
      if (type !== undefined && type !== Object) throw new Error(`${at}: @Root typed as a class, which type-graphql would instantiate`);
      const property = param.propertyName;
      return property ? (root) => (root as Record<string, unknown>)[property] : (root) => root;
    }
    case 'args':
      return (_root, args) => args;
    case 'arg': {
      const name = param.name;
      return (_root, args) => args[name];
    }
    case 'context': {
      const property = param.propertyName;
      return property ? (_root, _args, context) => (context as Record<string, unknown>)[property] : (_root, _args, context) => context;
    }
    case 'info':
      return (_root, _args, _context, info) => info;
    default:
      throw new Error(`${at}: a ${param.kind} parameter has no reading outside type-graphql`);
  }
}

/**
 * A graphql-js resolver that calls a decorated resolver method with what its parameter decorators ask for (@Root,
 * @Args, @Arg, @Ctx, @Info), as type-graphql would, but without type-graphql's wrapper: no conversion of arguments
 * into class instances, no validation, no middlewares. For fields resolved once per row, where that conversion cost
 * more than planning the read. A method that declares middlewares or @Authorized is refused rather than have them
 * silently skipped. The method is called without an instance of its class.
 */
export function plainResolverOf(resolver: ClassType, method: string): PlainResolve {
  const storage = getMetadataStorage();
  const classes = lineage(resolver);
  const guards = [...storage.middlewares, ...storage.authorizedFields].filter((m) => classes.includes(m.target) && (m.fieldName === undefined || m.fieldName === method));
  if (guards.length) throw new Error(`${resolver.name}.${method} declares middlewares or @Authorized, which its plain resolver would skip`);
  const params = (storage.params as ParamMetadata[]).filter((p) => classes.includes(p.target) && p.methodName === method).sort((a, b) => a.index - b.index);
  const readers = params.map((param) => paramReader(resolver, method, param));
  const body = (resolver.prototype as Record<string, unknown>)[method];
  if (typeof body !== 'function') throw new Error(`${resolver.name}.${method} is not a method`);
  // called once per row and field: no array or spread per call for up to the four parameters a resolver can have
  const [a, b, c, d] = readers;
  switch (readers.length) {
    case 0:
      return () => body();
    case 1:
      return (root, args, context, info) => body(a(root, args, context, info));
    case 2:
      return (root, args, context, info) => body(a(root, args, context, info), b(root, args, context, info));
    case 3:
      return (root, args, context, info) => body(a(root, args, context, info), b(root, args, context, info), c(root, args, context, info));
    case 4:
      return (root, args, context, info) => body(a(root, args, context, info), b(root, args, context, info), c(root, args, context, info), d(root, args, context, info));
    default:
      return (root, args, context, info) => body(...readers.map((read) => read(root, args, context, info)));
  }
}

/** The parts of type-graphql's parameter metadata read here. */
interface ParamMetadata {
  kind: string;
  target: Function;
  methodName: string;
  index: number;
  name: string;
  propertyName?: string;
  getType?: () => unknown;
}
