import { chooseMessageForm } from '@bacheca/delivery';
import type { MatchResult } from '@bacheca/keywords';
import type { MessageKey } from './messages';

export type SubscriberStatus = 'pending_confirmation' | 'active' | 'unsubscribed';

export interface SubscriberState {
  status: SubscriberStatus;
  topics: string[];
  fields: Record<string, string>;
  /** Meta's timestamp of the message that last changed the status: later-arriving older messages lose. */
  stateChangedAt: Date;
}

export interface FlowSettings {
  confirmationRequired: boolean;
  eraseOnUnsubscribe: boolean;
  autoReplyIntervalMinutes: number;
  comuneStatus: 'onboarding' | 'pre_launch' | 'active' | 'suspended';
  allTopics: string[];
}

export interface FlowInput {
  match: MatchResult;
  /** The current record, if the citizen has one in this comune. */
  subscriber?: SubscriberState;
  /** When this message was written (Meta's timestamp). */
  at: Date;
  /** When it is being acted on; defaults to `at`. */
  now?: Date;
  /** When an answer that changed nothing last went to this citizen. */
  lastAutoReplyAt?: Date;
  /** The citizen's latest request to leave in the consent ledger, also when there was nothing to leave. */
  lastWithdrawalAt?: Date;
  /** The last request for missing details sent to this citizen, if one is remembered. */
  lastDetailsRequest?: DetailsRequest;
}

/** What a request for missing details asked for: the capturing rule and the keys of the fields missing. */
export interface DetailsAsked {
  ruleId: string;
  missingFields: string[];
}

export interface DetailsRequest extends DetailsAsked {
  /** When the message that got the request was written (Meta's timestamp). */
  at: Date;
}

export type LedgerAction = 'opt_in' | 'opt_in_requested' | 'confirm' | 'opt_out' | 'erase' | 'topics';

export interface FlowDecision {
  /** The new record; `erase` deletes it; undefined leaves it as it is. */
  next?: SubscriberState | 'erase';
  ledger: LedgerAction[];
  reply?: { key: MessageKey; vars?: Record<string, string> };
  /** An answer that changes nothing was sent: remember when, to send such answers at most once per interval. */
  autoReplied?: boolean;
  /** The answer informs without changing anything, so it is subject to the once-per-interval rule. */
  informational?: boolean;
  /** A request for missing details asks this (remember it once sent); null: the citizen subscribed, forget it. */
  detailsRequest?: DetailsAsked | null;
}

/**
 * A citizen still completing their details (Saronno) is answered at each attempt, not once a day: the
 * request cannot set off another bot (it opens with no keyword), and a flood still gets one a minute.
 */
const DETAILS_REQUEST_INTERVAL_MS = 60_000;

/**
 * How long after a request for missing details a message with no keyword is read as the answer.
 * Half an hour lets a citizen look for their glasses, ask a relative how to write it or type slowly
 * with one finger; past it, a message is far more likely to be about something else (a question the
 * next day), which must not become a name. It is also well within the shortest retention of the text
 * of messages received (one day), from which earlier replies are read again.
 */
export const DETAILS_REPLY_WINDOW_MS = 30 * 60_000;

/**
 * The request a message that matched no keyword may answer: one sent within the window to a citizen
 * who is not subscribed, and not after the message was written (webhooks arrive out of order).
 */
export function awaitedDetails(last: DetailsRequest | undefined, subscriber: SubscriberState | undefined, at: Date): DetailsRequest | undefined {
  if (!last || isSubscribed(subscriber)) return undefined;
  const elapsed = at.getTime() - last.at.getTime();
  return elapsed >= 0 && elapsed <= DETAILS_REPLY_WINDOW_MS ? last : undefined;
}

/** A new request says something the last one did not: another rule, or other fields missing. */
function madeProgress(last: DetailsAsked | undefined, next: DetailsAsked | null | undefined): boolean {
  if (!last || !next) return false;
  const before = [...last.missingFields].sort().join(',');
  return last.ruleId !== next.ruleId || before !== [...next.missingFields].sort().join(',');
}

/** Before launch (and while the provider is still setting the comune up) the sign-up is confirmed, not welcomed to news. */
const welcomeFor = (settings: FlowSettings): MessageKey =>
  settings.comuneStatus === 'pre_launch' || settings.comuneStatus === 'onboarding' ? 'pre_launch_registered' : 'welcome';

const isSubscribed = (s?: SubscriberState) => s?.status === 'active' || s?.status === 'pending_confirmation';

/**
 * What a citizen's message does, as a pure decision: the record, the ledger entries, the answer.
 * A message older than the last change of status (webhooks arrive out of order) changes nothing
 * and gets no answer, so "ATTIVA" then "DISATTIVA" end unsubscribed whatever order they arrive in.
 */
export function decide(input: FlowInput, settings: FlowSettings): FlowDecision {
  const decision = decideCore(input, settings);
  // Answers are free text, which Meta delivers only inside the 24-hour window the citizen's message
  // opened. A message acted on later (a webhook Meta redelivered after a day) still counts, unanswered.
  if (decision.reply && chooseMessageForm(input.at, input.now ?? input.at) !== 'text') {
    return { ...decision, reply: undefined };
  }
  // Answers that change nothing (help, "already subscribed", the automatic answer) go out at most
  // once per interval: two bots answering each other, or a flood of messages, cannot make us loop.
  if (decision.reply && decision.informational) {
    const last = input.lastAutoReplyAt?.getTime();
    const interval = settings.autoReplyIntervalMinutes * 60_000;
    const wait = decision.reply.key === 'missing_fields' ? Math.min(interval, DETAILS_REQUEST_INTERVAL_MS) : interval;
    // A request that makes progress ("Manca: comune di residenza.") is what the citizen needs to go
    // on, so it is not held back; the same request again is, so a flood still gets one a minute.
    const progress = decision.reply.key === 'missing_fields' && madeProgress(input.lastDetailsRequest, decision.detailsRequest);
    if (last !== undefined && input.at.getTime() - last < wait && !progress) {
      return { ...decision, reply: undefined };
    }
    return { ...decision, autoReplied: true };
  }
  return decision;
}

function decideCore(input: FlowInput, settings: FlowSettings): FlowDecision {
  const { match, subscriber: current, at } = input;
  const stale = current !== undefined && at.getTime() < current.stateChangedAt.getTime();
  const changesStatus = ['subscribe', 'unsubscribe', 'stop', 'confirm', 'topic_add', 'topic_remove'].includes(match.action);
  const joins = ['subscribe', 'confirm', 'topic_add'].includes(match.action);
  const withdrawnSince = input.lastWithdrawalAt !== undefined && at.getTime() < input.lastWithdrawalAt.getTime();
  if (changesStatus && (stale || (joins && withdrawnSince))) return { ledger: [] };

  switch (match.action) {
    case 'subscribe':
      return subscribe(input, settings, match.topic ? [match.topic] : settings.allTopics);
    case 'confirm':
      if (current?.status !== 'pending_confirmation') return { ledger: [], reply: { key: 'auto_reply' }, informational: true };
      return {
        next: { ...current, status: 'active', stateChangedAt: at },
        ledger: ['confirm'],
        reply: { key: welcomeFor(settings) },
      };
    case 'unsubscribe':
    case 'stop':
      // Recorded all the same: a later-arriving older "subscribe" must not override this wish.
      if (!isSubscribed(current)) return { ledger: ['opt_out'], reply: { key: 'not_subscribed' }, informational: true };
      if (settings.eraseOnUnsubscribe) return { next: 'erase', ledger: ['opt_out', 'erase'], reply: { key: 'goodbye_erased' } };
      return { next: { ...current!, status: 'unsubscribed', stateChangedAt: at }, ledger: ['opt_out'], reply: { key: 'goodbye' } };
    case 'topic_add':
    case 'topic_remove': {
      const topic = match.topic!;
      if (current?.status !== 'active') {
        // Asking for a topic is asking to subscribe to it.
        return match.action === 'topic_add'
          ? subscribe(input, settings, [topic])
          : { ledger: [], reply: { key: 'not_subscribed' }, informational: true };
      }
      const topics =
        match.action === 'topic_add' ? [...new Set([...current.topics, topic])] : current.topics.filter((t) => t !== topic);
      return {
        next: { ...current, topics, stateChangedAt: at },
        ledger: ['topics'],
        reply: { key: match.action === 'topic_add' ? 'topic_added' : 'topic_removed', vars: { topic } },
      };
    }
    case 'help':
      return { ledger: [], reply: { key: 'help' }, informational: true };
    default:
      return { ledger: [], reply: { key: 'auto_reply' }, informational: true };
  }
}

function subscribe(input: FlowInput, settings: FlowSettings, topics: string[]): FlowDecision {
  const { match, subscriber: current, at } = input;
  if (match.missingFields?.length) {
    return {
      ledger: [],
      reply: { key: 'missing_fields', vars: { prompt: match.prompt ?? '' } },
      informational: true,
      ...(match.ruleId && { detailsRequest: { ruleId: match.ruleId, missingFields: match.missingFields } }),
    };
  }
  const fields = { ...(current?.fields ?? {}), ...(match.fields ?? {}) };
  if (current?.status === 'active') {
    // Still a wish to be subscribed, written now: an older "leave" arriving after it must lose.
    const stateChangedAt = new Date(Math.max(current.stateChangedAt.getTime(), at.getTime()));
    return { next: { ...current, fields, stateChangedAt }, ledger: [], reply: { key: 'already_subscribed' }, informational: true };
  }
  if (settings.confirmationRequired) {
    return {
      next: { status: 'pending_confirmation', topics, fields, stateChangedAt: at },
      ledger: ['opt_in_requested'],
      reply: { key: 'confirm_request' },
      detailsRequest: null,
    };
  }
  return {
    next: { status: 'active', topics, fields, stateChangedAt: at },
    ledger: ['opt_in'],
    reply: { key: welcomeFor(settings) },
    detailsRequest: null,
  };
}
