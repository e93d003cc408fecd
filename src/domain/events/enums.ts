import { registerEnumType } from 'type-graphql';

/** What a hub event tells of; written by the triggers of migrations/Migration20261206000000.ts. */
export enum HubEventType {
  JOB_POSTING_PUBLISHED = 'JOB_POSTING_PUBLISHED',
  JOB_POSTING_CHANGED = 'JOB_POSTING_CHANGED',
  JOB_POSTING_CLOSED = 'JOB_POSTING_CLOSED',
  CERTIFICATION_STATUS_CHANGED = 'CERTIFICATION_STATUS_CHANGED',
  CERTIFICATION_APPLICATION_DECIDED = 'CERTIFICATION_APPLICATION_DECIDED',
  ASSISTANCE_APPLICATION_DECIDED = 'ASSISTANCE_APPLICATION_DECIDED',
}

registerEnumType(HubEventType, {
  name: 'HubEventType',
  description: 'A change the hub tells subscribers and webhooks of.',
  valuesConfig: {
    JOB_POSTING_PUBLISHED: { description: 'A job posting became OPEN (created open, or published).' },
    JOB_POSTING_CHANGED: { description: 'A job posting was created or changed in any way (edited, published, closed, expired).' },
    JOB_POSTING_CLOSED: { description: 'A job posting stopped being OPEN (closed, filled, paused or expired).' },
    CERTIFICATION_STATUS_CHANGED: { description: 'A certification was recorded, or its status changed (issued, renewed, lapsed, revoked...).' },
    CERTIFICATION_APPLICATION_DECIDED: { description: 'A certification application was approved or denied.' },
    ASSISTANCE_APPLICATION_DECIDED: { description: 'A financial-assistance application was approved, denied or waitlisted.' },
  },
});
