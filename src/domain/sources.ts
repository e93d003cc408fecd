import { Field, ObjectType } from 'type-graphql';

/** Reference facts carry their source; facts the sources do not settle are marked unverified. */
@ObjectType({ description: 'The source of one reference fact.' })
export class FactSource {
  @Field(() => String, { description: 'The field the source supports, such as validityMonths.' })
  fact!: string;

  @Field(() => String, { description: 'Citation: document, rule or page.' })
  citation!: string;

  @Field(() => Boolean, { description: 'False when the value is configurable reference data the sources do not confirm.' })
  verified!: boolean;
}
