import type { STSClient } from '@aws-sdk/client-sts';
import { clientTimeouts, TIME_BUDGET } from '../budget';
import { ABORTED, raceAbort } from './cache';
import { failureReason } from './ecs-failures';
import type { EnrichClientConfig, EnrichmentCallObserver, EnrichmentFailure } from './types';

/** The failure `source` of a role that could not be assumed. */
export const ASSUME_ROLE_SOURCE = 'sts:AssumeRole';

/**
 * How long assumed credentials last: one hour, the most a role allows by default
 * (`MaxSessionDuration`), so a warm router assumes each member's role about once an hour.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (DurationSeconds)
 */
export const SESSION_SECONDS = 3_600;

/**
 * Credentials are renewed this long before they expire: the SDK itself asks again for
 * credentials that expire within five minutes, so a lookup never signs with ones about to lapse.
 */
export const REFRESH_BEFORE_MS = 5 * 60_000;

/** A refused AssumeRole is remembered this long (a storm asks STS once, not per alert), as ECS failures are. */
export const ASSUME_FAILURE_TTL_MS = 5_000;

/** Session names: 2 to 64 of [\w+=,.@-]. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (RoleSessionName) */
export const toSessionName = (name: string): string => {
  const cleaned = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'ecs-herald';
};

/** Credentials as the SDK takes them. */
export interface AssumedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** The STS SDK module and the client calls go through (the function's own role and Region). */
export interface StsApi {
  sdk: typeof import('./sts-sdk');
  client: STSClient;
}

/** Loads the STS SDK once and makes the client every role is assumed with. */
export const createStsApiLoader = (config: EnrichClientConfig = {}): (() => Promise<StsApi>) => {
  let api: Promise<StsApi> | undefined;
  return () => {
    api ??= import('./sts-sdk').then((sdk) => ({
      sdk,
      client: new sdk.STSClient({ ...config, maxAttempts: TIME_BUDGET.enrich.attempts, requestHandler: clientTimeouts(TIME_BUDGET.enrich) }),
    }));
    return api;
  };
};

/** Options of {@link AssumedRoleCredentials}. */
export interface AssumedRoleOptions {
  roleArn: string;
  /** What the role's trust policy demands (`sts:ExternalId`). Never logged, never in a failure. */
  externalId: string | undefined;
  /** Shown in the member account's CloudTrail as who read. @default ecs-herald */
  sessionName?: string;
  sts: () => Promise<StsApi>;
  /** @default Date.now */
  now?: () => number;
  onCall?: EnrichmentCallObserver;
}

/** Thrown by {@link AssumedRoleCredentials.provide}: the SDK fails the call that needed it. */
export class AssumeRoleError extends Error {
  public constructor(public readonly failure: EnrichmentFailure) {
    super(`${failure.source}: ${failure.reason}`);
    this.name = 'AssumeRoleError';
  }
}

type Outcome = { credentials: AssumedCredentials; until: number } | { failure: EnrichmentFailure; until: number };

/**
 * Credentials of a role in another account, from STS AssumeRole with the external id: asked
 * once, shared by every lookup in that account and Region, renewed {@link REFRESH_BEFORE_MS}
 * before they expire; a refusal is remembered for {@link ASSUME_FAILURE_TTL_MS}. `provide` is an
 * SDK credentials provider; `check` resolves them within an alert's budget and says why not.
 */
export class AssumedRoleCredentials {
  private outcome: Outcome | undefined;
  private inFlight: Promise<Outcome> | undefined;
  private readonly now: () => number;

  public constructor(private readonly options: AssumedRoleOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The SDK credentials provider: the role's credentials, or an {@link AssumeRoleError}. */
  public readonly provide = async (): Promise<AssumedCredentials> => {
    const outcome = await this.current();
    if ('failure' in outcome) throw new AssumeRoleError(outcome.failure);
    return outcome.credentials;
  };

  /** Resolves the credentials before any lookup: `undefined` when they are there, else why not (`timeout` when `signal` ends first). */
  public async check(signal?: AbortSignal): Promise<EnrichmentFailure | undefined> {
    const outcome = await raceAbort(this.current(), signal);
    if (outcome === ABORTED) return { source: ASSUME_ROLE_SOURCE, reason: `timeout (${this.options.roleArn})` };
    return 'failure' in outcome ? outcome.failure : undefined;
  }

  private current(): Promise<Outcome> {
    const known = this.outcome;
    if (known !== undefined && known.until > this.now()) return Promise.resolve(known);
    this.inFlight ??= this.assume().then((outcome) => {
      this.outcome = outcome;
      this.inFlight = undefined;
      return outcome;
    });
    return this.inFlight;
  }

  private async assume(): Promise<Outcome> {
    const { roleArn, externalId, onCall } = this.options;
    try {
      const sts = await this.options.sts();
      const response = await sts.client.send(new sts.sdk.AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: toSessionName(this.options.sessionName ?? 'ecs-herald'),
        DurationSeconds: SESSION_SECONDS,
        ...(externalId === undefined ? {} : { ExternalId: externalId }),
      }));
      onCall?.({ source: ASSUME_ROLE_SOURCE });
      const c = response.Credentials;
      if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) throw Object.assign(new Error('no credentials in the answer'), { name: 'InvalidResponse' });
      const expiresAt = c.Expiration?.getTime() ?? this.now() + SESSION_SECONDS * 1000;
      return {
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: new Date(expiresAt) },
        until: expiresAt - REFRESH_BEFORE_MS,
      };
    } catch (error: unknown) {
      // The AWS error name only: its message may quote the request.
      const name = error instanceof Error ? error.name : 'UnknownError';
      const reason = failureReason(name);
      onCall?.({ source: ASSUME_ROLE_SOURCE, failure: reason.split(':')[0] ?? reason });
      return { failure: { source: ASSUME_ROLE_SOURCE, reason: `${reason} (${roleArn})` }, until: this.now() + ASSUME_FAILURE_TTL_MS };
    }
  }
}
