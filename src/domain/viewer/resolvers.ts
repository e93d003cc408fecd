import { Ctx, Field, ID, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';
import { Role, type Viewer } from '../../auth/viewer';

registerEnumType(Role, {
  name: 'Role',
  description: 'What a caller may do, from the claim `role` of its bearer token; PUBLIC without a token.',
  valuesConfig: {
    PUBLIC: { description: 'No token: public data only.' },
    PEER: { description: 'A peer specialist, acting for the person of claim `peerId`.' },
    EMPLOYER: { description: 'An employer, acting for the employer of claim `employerId`.' },
    SUPERVISOR: { description: 'A supervisor, who is the person of claim `peerId`.' },
    FUND_REVIEWER: { description: 'Reviews financial-assistance applications in the jurisdictions of claim `jurisdictions`.' },
    STATE_ANALYST: { description: 'Analyses the workforce of the jurisdictions of claim `jurisdictions`.' },
    ADMIN: { description: 'Administers the hub.' },
  },
});

/** The TypeScript name Viewer is the context's; this class only shapes the answer. */
@ObjectType('Viewer', { description: 'Who the hub takes the caller to be, as read from its bearer token (or PUBLIC without one).' })
export class ViewerInfo {
  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'The token\'s `sub`; null for PUBLIC.' })
  subject!: string | null;

  @Field(() => [String], { description: 'USPS codes of the jurisdictions the token is scoped to, upper case.' })
  jurisdictions!: string[];

  @Field(() => ID, { nullable: true, description: 'The employer an EMPLOYER acts for; null for other roles.' })
  employerId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The person a PEER or SUPERVISOR is; null for other roles.' })
  peerId!: string | null;
}

export function viewerInfo(viewer: Viewer): ViewerInfo {
  return {
    role: viewer.role,
    subject: viewer.subject,
    jurisdictions: [...viewer.jurisdictions],
    employerId: viewer.employerId === null ? null : toGlobalId('Employer', viewer.employerId),
    peerId: viewer.peerId === null ? null : toGlobalId('PeerSpecialist', viewer.peerId),
  };
}

@Resolver()
export class ViewerResolver {
  @Query(() => ViewerInfo, { description: 'Who the hub takes the caller to be: a client\'s check of its token. No SQL.' })
  viewer(@Ctx() ctx: HubContext): ViewerInfo {
    return viewerInfo(ctx.viewer);
  }
}
