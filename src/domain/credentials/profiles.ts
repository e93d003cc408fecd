import type { HubContext } from '../../graphql/context';
import type { ProfileRow } from './lifecycle';

const profilesOfRequest = new WeakMap<HubContext, Promise<ProfileRow[]>>();

/** Every requirement profile (reference data, a handful of rows), read once per request, oldest first. */
export function requirementProfiles(ctx: HubContext): Promise<ProfileRow[]> {
  let profiles = profilesOfRequest.get(ctx);
  if (!profiles) {
    profiles = ctx.sql.rows<ProfileRow>('select * from "requirement_profile" order by "credential_type_id", "effective_from"');
    profilesOfRequest.set(ctx, profiles);
  }
  return profiles;
}

/** The profile of a credential type in force on a day: the latest version effective on or before it. */
export function profileOn(profiles: ProfileRow[], credentialType: number, day: string): ProfileRow | null {
  return profiles.filter((p) => p.credential_type_id === credentialType && p.effective_from <= day).at(-1) ?? null;
}
