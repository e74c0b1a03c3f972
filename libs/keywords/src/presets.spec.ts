import { phraseKey } from './keyword-set';
import { matchMessage } from './matcher';
import { KEYWORD_PRESETS, PRESET_SLUGS, TOPICS, genericPreset, isPresetSlug, presetFor, topicRules } from './presets';

describe('presets', () => {
  it.each([
    ['cormano', 'ATTIVA INFORMAZIONI CORMANO', 'DISATTIVA ISCRIZIONE'],
    ['bientina', 'ATTIVA', 'DISATTIVA'],
    ['rozzano', 'Iscrivimi', 'Cancellami'],
    ['saronno', 'Attiva Notizie', 'Disattiva Notizie'],
    ['san-giuliano-milanese', 'ATTIVA', 'DISATTIVA'],
  ] as const)('%s keeps the words from its article as canonical phrases', (slug, join, leave) => {
    const set = KEYWORD_PRESETS[slug]();
    expect(set.rules.find((r) => r.action === 'subscribe')?.phrases[0]).toBe(join);
    expect(set.rules.find((r) => r.action === 'unsubscribe')?.phrases[0]).toBe(leave);
  });

  it('asks Saronno’s subscribers for nome, cognome and comune di residenza, all required', () => {
    const rule = presetFor('saronno').rules.find((r) => r.action === 'subscribe');
    expect(rule?.capture).toEqual([
      { name: 'first_name', label: 'nome', required: true },
      { name: 'last_name', label: 'cognome', required: true },
      { name: 'residence_comune', label: 'comune di residenza', required: true },
    ]);
  });

  it('gives San Giuliano Milanese an add and a remove rule for each of its four topics', () => {
    const topicRulesOf = presetFor('san-giuliano-milanese').rules.filter((r) => r.topic);
    expect(new Set(topicRulesOf.map((r) => r.topic))).toEqual(
      new Set(['servizi_comunali', 'trasporti_viabilita', 'eventi', 'allerta_meteo']),
    );
    expect(topicRulesOf).toHaveLength(8);
  });

  it('labels topics in Italian', () => {
    expect(TOPICS.map((t) => [t.slug, t.label])).toEqual([
      ['servizi_comunali', 'Servizi comunali'],
      ['trasporti_viabilita', 'Trasporti e viabilità'],
      ['eventi', 'Eventi'],
      ['allerta_meteo', 'Allerta meteo'],
    ]);
  });

  it('builds topic rules from every alias', () => {
    const [add, remove] = topicRules({ slug: 'protezione_civile', label: 'Protezione civile', aliases: ['PROTEZIONE CIVILE'] });
    expect(add).toMatchObject({ action: 'topic_add', topic: 'protezione_civile' });
    expect(add.phrases).toEqual(['ATTIVA PROTEZIONE CIVILE', 'PROTEZIONE CIVILE SI', 'PROTEZIONE CIVILE ON']);
    expect(remove.phrases).toEqual([
      'DISATTIVA PROTEZIONE CIVILE',
      'PROTEZIONE CIVILE NO',
      'PROTEZIONE CIVILE OFF',
      'STOP PROTEZIONE CIVILE',
    ]);
  });

  it('offers help words everywhere, and no duplicate phrases anywhere', () => {
    for (const set of [...PRESET_SLUGS.map((s) => presetFor(s)), genericPreset()]) {
      expect(matchMessage(set, 'AIUTO').action).toBe('help');
      for (const rule of set.rules) {
        expect(new Set(rule.phrases.map(phraseKey)).size).toBe(rule.phrases.length);
      }
    }
  });

  it('subscribes only with the town’s own words but unsubscribes with any common leave word', () => {
    for (const slug of PRESET_SLUGS) {
      expect(matchMessage(presetFor(slug), 'Cancellami').action).toBe('unsubscribe');
      expect(matchMessage(presetFor(slug), 'Disiscrivimi').action).toBe('unsubscribe');
    }
    expect(matchMessage(presetFor('cormano'), 'Iscrivimi').action).toBe('none');
    expect(matchMessage(presetFor('rozzano'), 'ATTIVA').action).toBe('none');
  });

  it('returns a fresh copy each time', () => {
    const a = presetFor('bientina');
    (a.rules[0].phrases as string[]).push('ISCRIVIMI');
    expect(presetFor('bientina').rules[0].phrases).toEqual(['ATTIVA']);
  });

  it('falls back to the generic preset for other comuni', () => {
    expect(isPresetSlug('saronno')).toBe(true);
    expect(isPresetSlug('santa-croce-sull-arno')).toBe(false);
    expect(presetFor('santa-croce-sull-arno')).toEqual(genericPreset());
  });
});
