import { matchDetailsReply, matchMessage, presetFor } from '@bacheca/keywords';
import { awaitedDetails, decide, DETAILS_REPLY_WINDOW_MS, DetailsRequest, FlowSettings, SubscriberState } from './decide';

const T0 = new Date('2026-11-23T10:00:00Z');
const later = (min: number) => new Date(T0.getTime() + min * 60_000);
const settings: FlowSettings = {
  confirmationRequired: false,
  eraseOnUnsubscribe: false,
  autoReplyIntervalMinutes: 60,
  comuneStatus: 'active',
  allTopics: ['servizi_comunali', 'trasporti_viabilita', 'eventi', 'allerta_meteo'],
};
const active = (over: Partial<SubscriberState> = {}): SubscriberState => ({
  status: 'active',
  topics: settings.allTopics,
  fields: {},
  stateChangedAt: T0,
  ...over,
});
const run = (town: string, text: string, subscriber?: SubscriberState, s: Partial<FlowSettings> = {}, at = later(1), lastAutoReplyAt?: Date) =>
  decide({ match: matchMessage(presetFor(town), text), subscriber, at, lastAutoReplyAt }, { ...settings, ...s });

describe('decide: the subscription flow', () => {
  it.each([
    // town, message, current status, settings, expected next status, ledger, reply
    ['bientina', 'ATTIVA', undefined, {}, 'active', ['opt_in'], 'welcome'],
    ['cormano', 'ATTIVA INFORMAZIONI CORMANO', undefined, {}, 'active', ['opt_in'], 'welcome'],
    ['rozzano', 'Iscrivimi', undefined, {}, 'active', ['opt_in'], 'welcome'],
    ['saronno', 'Attiva Notizie Mario Rossi Saronno', undefined, { comuneStatus: 'pre_launch' }, 'active', ['opt_in'], 'pre_launch_registered'],
    ['bientina', 'ATTIVA', undefined, { comuneStatus: 'onboarding' }, 'active', ['opt_in'], 'pre_launch_registered'],
    ['bientina', 'SÌ', 'pending_confirmation', { comuneStatus: 'pre_launch' }, 'active', ['confirm'], 'pre_launch_registered'],
    ['bientina', 'ATTIVA', undefined, { confirmationRequired: true }, 'pending_confirmation', ['opt_in_requested'], 'confirm_request'],
    ['bientina', 'ATTIVA', 'active', {}, 'active', [], 'already_subscribed'],
    ['bientina', 'ATTIVA', 'unsubscribed', {}, 'active', ['opt_in'], 'welcome'],
    ['bientina', 'SÌ', 'pending_confirmation', {}, 'active', ['confirm'], 'welcome'],
    ['bientina', 'DISATTIVA', 'active', {}, 'unsubscribed', ['opt_out'], 'goodbye'],
    ['bientina', 'STOP', 'pending_confirmation', {}, 'unsubscribed', ['opt_out'], 'goodbye'],
    ['saronno', 'Disattiva Notizie', 'active', { eraseOnUnsubscribe: true }, 'erase', ['opt_out', 'erase'], 'goodbye_erased'],
    ['bientina', 'DISATTIVA', undefined, {}, undefined, ['opt_out'], 'not_subscribed'],
    ['bientina', 'DISATTIVA', 'unsubscribed', {}, undefined, ['opt_out'], 'not_subscribed'],
    ['bientina', 'Buongiorno, a che ora apre l’anagrafe?', undefined, {}, undefined, [], 'auto_reply'],
    ['bientina', 'SÌ', undefined, {}, undefined, [], 'auto_reply'],
    ['rozzano', 'AIUTO', 'active', {}, undefined, [], 'help'],
  ] as const)('%s: "%s" from %s → %s %j, answer %s', (town, text, status, s, next, ledger, reply) => {
    const d = run(town, text, status ? active({ status }) : undefined, s as Partial<FlowSettings>);
    expect(d.next === 'erase' ? 'erase' : d.next?.status).toBe(next);
    expect(d.ledger).toEqual(ledger);
    expect(d.reply?.key).toBe(reply);
  });

  it('asks politely for missing fields and records nothing (Saronno)', () => {
    const d = run('saronno', 'Attiva Notizie');
    expect(d.next).toBeUndefined();
    expect(d.ledger).toEqual([]);
    expect(d.reply?.key).toBe('missing_fields');
    expect(d.reply?.vars?.prompt).toMatch(/nome.*cognome.*comune/);
  });

  it('asks again for missing details at each attempt, naming what is missing, yet at most once a minute', () => {
    const first = run('saronno', 'Attiva Notizie', undefined, {}, later(1));
    expect(first.autoReplied).toBe(true);
    const second = run('saronno', 'Attiva Notizie Mario Rossi', undefined, {}, later(3), later(1));
    expect(second.reply?.vars?.prompt).toMatch(/^Manca: comune di residenza\. Per completare/);
    expect(run('saronno', 'Attiva Notizie Mario Rossi', undefined, {}, later(3.5), later(3)).reply).toBeUndefined();
    // Anything else within the comune's interval still gets no second automatic answer.
    expect(run('saronno', 'ciao', undefined, {}, later(5), later(3)).reply).toBeUndefined();
  });

  it('keeps the captured fields (Saronno)', () => {
    const d = run('saronno', 'Attiva Notizie, Maria Grazia Bianchi, Caronno Pertusella');
    expect(d.next !== 'erase' && d.next?.fields).toEqual({ first_name: 'Maria Grazia', last_name: 'Bianchi', residence_comune: 'Caronno Pertusella' });
  });

  it('changes topics by keyword (San Giuliano) and subscribes to just that topic when not yet subscribed', () => {
    const sub = run('san-giuliano-milanese', 'DISATTIVA METEO', active());
    expect(sub.next !== 'erase' && sub.next?.topics).toEqual(['servizi_comunali', 'trasporti_viabilita', 'eventi']);
    expect(sub.ledger).toEqual(['topics']);
    expect(sub.reply).toEqual({ key: 'topic_removed', vars: { topic: 'allerta_meteo' } });
    const fresh = run('san-giuliano-milanese', 'ATTIVA METEO');
    expect(fresh.next !== 'erase' && fresh.next).toMatchObject({ status: 'active', topics: ['allerta_meteo'] });
    expect(fresh.ledger).toEqual(['opt_in']);
  });

  it('subscribes to every topic by default', () => {
    const d = run('san-giuliano-milanese', 'ATTIVA');
    expect(d.next !== 'erase' && d.next?.topics).toEqual(settings.allTopics);
  });

  it('ignores a message older than the last change of status (out of order webhooks), with no answer', () => {
    const unsubscribedLater = active({ status: 'unsubscribed', stateChangedAt: later(10) });
    const d = run('bientina', 'ATTIVA', unsubscribedLater, {}, later(5));
    expect(d).toEqual({ ledger: [] });
    // The newer message does act.
    expect(run('bientina', 'ATTIVA', unsubscribedLater, {}, later(11)).ledger).toEqual(['opt_in']);
  });

  it('a subscriber writing the keyword again outranks an older leave request that arrives after it', () => {
    // Subscribed at T0; wrote DISATTIVA at +5 and ATTIVA at +10, and the ATTIVA webhook came first.
    const again = run('bientina', 'ATTIVA', active(), {}, later(10));
    expect(again.reply?.key).toBe('already_subscribed');
    const state = again.next !== 'erase' ? again.next! : active();
    expect(state.stateChangedAt).toEqual(later(10));
    expect(run('bientina', 'DISATTIVA', state, {}, later(5))).toEqual({ ledger: [] });
    // A later leave still acts.
    expect(run('bientina', 'DISATTIVA', state, {}, later(11)).ledger).toEqual(['opt_out']);
  });

  it('a leave request recorded before any subscription beats an older subscribe that arrives later', () => {
    const d = decide({ match: matchMessage(presetFor('bientina'), 'ATTIVA'), at: later(5), lastWithdrawalAt: later(10) }, settings);
    expect(d).toEqual({ ledger: [] });
    const newer = decide({ match: matchMessage(presetFor('bientina'), 'ATTIVA'), at: later(11), lastWithdrawalAt: later(10) }, settings);
    expect(newer.ledger).toEqual(['opt_in']);
  });

  it('acts on a message processed after its 24-hour window, but sends no answer Meta would refuse', () => {
    const match = matchMessage(presetFor('bientina'), 'DISATTIVA');
    const inTime = decide({ match, subscriber: active(), at: later(1), now: later(23 * 60) }, settings);
    expect(inTime.reply?.key).toBe('goodbye');
    const late = decide({ match, subscriber: active(), at: later(1), now: later(25 * 60) }, settings);
    expect(late.next !== 'erase' && late.next?.status).toBe('unsubscribed');
    expect(late.ledger).toEqual(['opt_out']);
    expect(late.reply).toBeUndefined();
    // Nor an automatic answer, which then is not remembered as sent.
    const chat = decide({ match: matchMessage(presetFor('bientina'), 'ciao'), at: later(1), now: later(25 * 60) }, settings);
    expect(chat).toEqual({ ledger: [], informational: true });
  });

  it('answers things that change nothing at most once per interval, so bots cannot loop', () => {
    const first = run('bientina', 'ciao', undefined, {}, later(1), undefined);
    expect(first.reply?.key).toBe('auto_reply');
    expect(first.autoReplied).toBe(true);
    expect(run('bientina', 'ciao', undefined, {}, later(30), later(1)).reply).toBeUndefined();
    expect(run('bientina', 'AIUTO', active(), {}, later(30), later(1)).reply).toBeUndefined();
    expect(run('bientina', 'ATTIVA', active(), {}, later(30), later(1)).reply).toBeUndefined();
    expect(run('bientina', 'ciao', undefined, {}, later(62), later(1)).reply?.key).toBe('auto_reply');
    expect(run('bientina', 'STOP', undefined, {}, later(30), later(1)).reply).toBeUndefined();
    // Leaving is always answered: it changes something.
    expect(run('bientina', 'DISATTIVA', active(), {}, later(30), later(1)).reply?.key).toBe('goodbye');
  });

  describe('details sent without the phrase, after the request for them (Saronno)', () => {
    const saronno = presetFor('saronno');
    const all = ['first_name', 'last_name', 'residence_comune'];
    const asked = (missingFields: string[], min: number, ruleId = 'iscrizione'): DetailsRequest => ({ ruleId, missingFields, at: later(min) });

    it.each([
      // last request, subscriber, message written at (minutes), awaited?
      ['just asked', asked(all, 1), undefined, 2, true],
      ['asked at the edge of the window', asked(all, 1), undefined, 1 + DETAILS_REPLY_WINDOW_MS / 60_000, true],
      ['window over', asked(all, 1), undefined, 2 + DETAILS_REPLY_WINDOW_MS / 60_000, false],
      ['written before the request (out of order)', asked(all, 5), undefined, 4, false],
      ['nothing asked', undefined, undefined, 2, false],
      ['left before, asking again', asked(all, 1), 'unsubscribed', 2, true],
      ['already subscribed', asked(all, 1), 'active', 2, false],
      ['waiting to confirm', asked(all, 1), 'pending_confirmation', 2, false],
    ] as const)('%s → awaited: %s', (_, last, status, min, expected) => {
      expect(awaitedDetails(last, status ? active({ status }) : undefined, later(min)) !== undefined).toBe(expected);
    });

    it('subscribes once the reply completes the details, and says to forget the request', () => {
      const match = matchDetailsReply(saronno, 'iscrizione', 'Saronno', ['Attiva notizie', 'Maria Bianchi'])!;
      const d = decide({ match, at: later(3), lastAutoReplyAt: later(2), lastDetailsRequest: asked(['residence_comune'], 2) }, { ...settings, comuneStatus: 'pre_launch' });
      expect(d.next !== 'erase' && d.next).toMatchObject({ status: 'active', fields: { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' } });
      expect(d.ledger).toEqual(['opt_in']);
      expect(d.reply?.key).toBe('pre_launch_registered');
      expect(d.detailsRequest).toBeNull();
      const confirming = decide({ match, at: later(3) }, { ...settings, confirmationRequired: true });
      expect(confirming).toMatchObject({ ledger: ['opt_in_requested'], reply: { key: 'confirm_request' }, detailsRequest: null });
    });

    it.each([
      // last request's missing fields, this message, written at (last answer at +1), answered?
      ['fewer missing, within the minute', all, 'Attiva Notizie Maria Bianchi', 1.2, true],
      ['other fields missing, within the minute', ['residence_comune'], 'Attiva Notizie Maria', 1.2, true],
      ['the same request again, within the minute', ['residence_comune'], 'Attiva Notizie Maria Bianchi', 1.2, false],
      ['the same request again, after the minute', ['residence_comune'], 'Attiva Notizie Maria Bianchi', 2.5, true],
      ['nothing asked before, within the minute', undefined, 'Attiva Notizie Maria Bianchi', 1.2, false],
    ] as const)('%s → answered: %s', (_, lastMissing, text, min, answered) => {
      const lastDetailsRequest = lastMissing ? asked([...lastMissing], 1) : undefined;
      const d = decide({ match: matchMessage(saronno, text), at: later(min), lastAutoReplyAt: later(1), lastDetailsRequest }, settings);
      expect(d.reply?.key === 'missing_fields').toBe(answered);
      expect(d.autoReplied === true).toBe(answered);
      expect(d.detailsRequest).toEqual({ ruleId: 'iscrizione', missingFields: matchMessage(saronno, text).missingFields });
    });

    it('a request made by another rule counts as progress', () => {
      const d = decide(
        { match: matchMessage(saronno, 'Attiva Notizie'), at: later(1.2), lastAutoReplyAt: later(1), lastDetailsRequest: asked(all, 1, 'vecchia-regola') },
        settings,
      );
      expect(d.reply?.key).toBe('missing_fields');
    });
  });
});
