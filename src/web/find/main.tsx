/**
 * The page a future peer specialist starts from: supervisors with a place free, training coming up and jobs, near a
 * ZIP code, nearest first. Anyone reads it without a token; an intern signed in (a PEER token, kept by the explorer
 * under the same key) can ask a supervisor for supervision from here. Everything comes from the published operations
 * of schema/operations/peer through the typed client.
 */
import { StrictMode, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import {
  createHubClient,
  HubRequestError,
  JobsNearMeDocument,
  RequestSupervisionDocument,
  SupervisorsNearMeDocument,
  TrainingCalendarDocument,
  type JobsNearMeQuery,
  type SupervisorsNearMeQuery,
  type TrainingCalendarQuery,
} from '../../client';
import './find.css';

const TOKEN_KEY = 'peer-workforce-hub.token';
const client = createHubClient({ url: '/graphql', token: () => sessionStorage.getItem(TOKEN_KEY) });

type Supervisor = SupervisorsNearMeQuery['supervisors']['nodes'][number];
type TrainingEvent = TrainingCalendarQuery['trainingEvents']['nodes'][number];
type Job = JobsNearMeQuery['jobPostings']['nodes'][number];

interface Found {
  supervisors: SupervisorsNearMeQuery['supervisors'];
  training: TrainingCalendarQuery['trainingEvents'];
  jobs: JobsNearMeQuery['jobPostings'];
}

interface Search {
  postalCode: string;
  withinMiles: number;
  language: string;
  includeRemote: boolean;
}

const PAGE = 10;
const LANGUAGES = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['vi', 'Vietnamese'],
  ['so', 'Somali'],
] as const;

function describeError(error: unknown): string {
  if (error instanceof HubRequestError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

const miles = (distance: number | null | undefined) => (distance === null || distance === undefined ? 'remote' : `${distance.toFixed(1)} mi`);
const dollars = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

async function find(search: Search): Promise<Found> {
  const near = { postalCode: search.postalCode, withinMiles: search.withinMiles };
  const [supervisors, training, jobs] = await Promise.all([
    client.request(SupervisorsNearMeDocument, { ...near, languages: [search.language], first: PAGE }),
    client.request(TrainingCalendarDocument, { filter: { near, seatsLeft: { gt: 0 } }, first: PAGE }),
    client.request(JobsNearMeDocument, { ...near, includeRemote: search.includeRemote, first: PAGE }),
  ]);
  return { supervisors: supervisors.supervisors, training: training.trainingEvents, jobs: jobs.jobPostings };
}

/** Whether the token kept for this tab is an intern's (a PEER's): only they ask for supervision, for themselves. */
function signedInAsPeer(): boolean {
  const token = sessionStorage.getItem(TOKEN_KEY);
  try {
    const payload = token?.split('.')[1];
    if (!payload) return false;
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: unknown };
    return claims.role === 'PEER';
  } catch {
    return false;
  }
}

function AskForSupervision({ supervisor }: { supervisor: Supervisor }) {
  const [answer, setAnswer] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!signedInAsPeer()) return null;
  const ask = async () => {
    setBusy(true);
    try {
      const asked = await client.request(RequestSupervisionDocument, { supervisorId: supervisor.id });
      setAnswer(`Asked: ${asked.requestSupervision.status.toLowerCase()}`);
    } catch (error) {
      setAnswer(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return answer ? (
    <span className="answer" role="status">
      {answer}
    </span>
  ) : (
    <button type="button" disabled={busy} onClick={ask}>
      Ask for supervision
    </button>
  );
}

function Supervisors({ found }: { found: Found['supervisors'] }) {
  return (
    <section aria-labelledby="supervisors-heading">
      <h2 id="supervisors-heading">Supervisors with a place free ({found.totalCount})</h2>
      {found.nodes.length === 0 ? <p className="none">No supervisor with a place free within this distance.</p> : null}
      <ul>
        {found.nodes.map((s) => (
          <li key={s.id} data-supervisor={s.id}>
            <strong>{s.displayName ?? 'Supervisor'}</strong> · {s.city ?? ''} · {miles(s.distanceMiles)}
            <div className="detail">
              {s.credentialType?.name ?? 'Licensed clinician'}
              {s.employer ? ` at ${s.employer.name}` : ''} · {s.placesFree} {s.placesFree === 1 ? 'place' : 'places'} free · {s.languages.join(', ')}
            </div>
            <AskForSupervision supervisor={s} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Training({ found }: { found: Found['training'] }) {
  return (
    <section aria-labelledby="training-heading">
      <h2 id="training-heading">Training with seats left ({found.totalCount})</h2>
      {found.nodes.length === 0 ? <p className="none">No training with seats left within this distance.</p> : null}
      <ul>
        {found.nodes.map((e: TrainingEvent) => (
          <li key={e.id} data-event={e.id}>
            <strong>{e.title}</strong> · {e.city ?? ''} · {e.startsOn === e.endsOn ? e.startsOn : `${e.startsOn} to ${e.endsOn}`}
            <div className="detail">
              {e.organization.name} · {e.ceHours} CE hours ({e.ethicsHours} ethics) · {e.priceCents ? dollars(e.priceCents) : 'free'} · {e.seatsLeft}{' '}
              {e.seatsLeft === 1 ? 'seat' : 'seats'} left
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Jobs({ found }: { found: Found['jobs'] }) {
  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Open jobs ({found.totalCount})</h2>
      {found.nodes.length === 0 ? <p className="none">No open job within this distance.</p> : null}
      <ul>
        {found.nodes.map((j: Job) => (
          <li key={j.id} data-job={j.id}>
            <strong>{j.title}</strong> · {j.employer.name} · {j.remote ? 'remote' : `${j.city} · ${miles(j.distanceMiles)}`}
            <div className="detail">
              {dollars(j.payMinCents)} to {dollars(j.payMaxCents)} per {j.payUnit.toLowerCase()}
              {j.supervisionProvided ? ' · supervision provided' : ''}
              {j.countsTowardInternshipHours ? ' · counts toward internship hours' : ''}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FindPage() {
  const initial = new URLSearchParams(location.search).get('zip') ?? '';
  const [search, setSearch] = useState<Search>({ postalCode: initial, withinMiles: 25, language: 'en', includeRemote: true });
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLoading(true);
    setError(null);
    try {
      setFound(await find(search));
    } catch (failure) {
      setFound(null);
      setError(describeError(failure));
    } finally {
      setLoading(false);
    }
  };

  return (
    <main>
      <h1>Find supervision, training and a job near you</h1>
      <p className="lead">
        Becoming a peer specialist takes a supervised internship, training and, in the end, a job. Enter your ZIP code to see supervisors
        with a place free and open jobs, nearest first, and training with seats left, soonest first.
      </p>
      <form onSubmit={submit} aria-label="Search near a ZIP code">
        <label>
          ZIP code
          <input name="postalCode" inputMode="numeric" required value={search.postalCode} onChange={(e) => setSearch({ ...search, postalCode: e.target.value.trim() })} />
        </label>
        <label>
          Within
          <select name="withinMiles" value={search.withinMiles} onChange={(e) => setSearch({ ...search, withinMiles: Number(e.target.value) })}>
            {[10, 25, 50, 100, 250].map((m) => (
              <option key={m} value={m}>
                {m} miles
              </option>
            ))}
          </select>
        </label>
        <label>
          Supervision in
          <select name="language" value={search.language} onChange={(e) => setSearch({ ...search, language: e.target.value })}>
            {LANGUAGES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" name="includeRemote" checked={search.includeRemote} onChange={(e) => setSearch({ ...search, includeRemote: e.target.checked })} />
          Remote jobs too
        </label>
        <button type="submit" disabled={loading}>
          {loading ? 'Searching…' : 'Search'}
        </button>
      </form>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {found ? (
        <div className="results">
          <Supervisors found={found.supervisors} />
          <Training found={found.training} />
          <Jobs found={found.jobs} />
        </div>
      ) : null}
    </main>
  );
}

createRoot(document.getElementById('find')!).render(
  <StrictMode>
    <FindPage />
  </StrictMode>,
);
