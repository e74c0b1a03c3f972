import {
  checkBroadcastText,
  chooseMessageForm,
  flattenForTemplate,
  renderTemplateParams,
  serviceWindowClosesAt,
  truncateText,
} from './message-form';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

// Meta's rule for template parameter values (WHATSAPP.md §4.7), checked independently of the code under test.
function metaAccepts(param: string): boolean {
  return param.length > 0 && !/[\n\r\t]/.test(param) && !/ {5,}/.test(param);
}

describe('chooseMessageForm', () => {
  it.each([
    ['never wrote', null, {}, 'template'],
    ['wrote an hour ago', ago(60), {}, 'text'],
    ['window closes in 15 minutes', ago(24 * 60 - 15), {}, 'text'],
    ['window closes in 5 minutes: inside the safety margin', ago(24 * 60 - 5), {}, 'template'],
    ['window closes in 5 minutes, no margin', ago(24 * 60 - 5), { safetyMarginMs: 0 }, 'text'],
    ['exactly 24 h ago, no margin', ago(24 * 60), { safetyMarginMs: 0 }, 'template'],
    ['wrote yesterday morning', ago(26 * 60), {}, 'template'],
    ['timestamp slightly ahead of our clock', ago(-2), {}, 'text'],
    ['invalid timestamp', new Date(NaN), {}, 'template'],
  ])('%s -> %s', (_label, lastInboundAt, options, form) => {
    expect(chooseMessageForm(lastInboundAt, NOW, options)).toBe(form);
  });

  it('tells when the window closes', () => {
    expect(serviceWindowClosesAt(ago(60))).toEqual(new Date('2026-06-16T11:00:00.000Z'));
    expect(serviceWindowClosesAt(undefined)).toBeUndefined();
  });
});

describe('flattenForTemplate: line breaks keep their meaning', () => {
  it.each([
    ['sentence then sentence', 'Strada chiusa.\nDeviazione in via Roma', 'Strada chiusa. Deviazione in via Roma'],
    ['title then text', 'ALLERTA METEO\nDomani scuole chiuse', 'ALLERTA METEO · Domani scuole chiuse'],
    ['list after a colon', 'Strade chiuse:\n- via Roma\n- via Milano\n* piazza Duomo', 'Strade chiuse: via Roma · via Milano · piazza Duomo'],
    ['bullets', '• via Roma\n• via Milano', 'via Roma · via Milano'],
    ['wrapped sentence', "Si informa la cittadinanza che\ndomani mancherà l'acqua", "Si informa la cittadinanza che domani mancherà l'acqua"],
    ['paragraphs', 'Avviso\n\nTesto del paragrafo.\n\n\nIl Sindaco', 'Avviso · Testo del paragrafo. Il Sindaco'],
    ['lower case after a blank line is still a new paragraph', 'Avviso\n\nsegue il testo', 'Avviso · segue il testo'],
    ['tabs and runs of spaces', 'Orario:\t9-12\t\t15-18      (sabato chiuso)', 'Orario: 9-12 15-18 (sabato chiuso)'],
    ['Windows line ends', 'Riga uno\r\nRiga due\r\n\r\nRiga tre', 'Riga uno · Riga due · Riga tre'],
    ['Unicode separators', 'Uno\u2028Due\u2029Tre\u0085Quattro', 'Uno · Due · Tre · Quattro'],
    ['a minus sign is not a bullet', '-5 gradi\nghiaccio sulle strade', '-5 gradi ghiaccio sulle strade'],
    ['emoji and accents survive', '⚠️ ALLERTA\nPiù pioggia a Saronno', '⚠️ ALLERTA · Più pioggia a Saronno'],
    ['blank edges', '\n\n   Avviso   \n \n', 'Avviso'],
    ['non-breaking spaces collapse too', 'a\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0b', 'a b'],
  ])('%s', (_label, text, expected) => {
    expect(flattenForTemplate(text)).toBe(expected);
  });
});

describe('truncateText', () => {
  it.each([
    ['fits', 'Avviso', 10, 'Avviso'],
    ['cuts at a word boundary', 'Domani chiusura straordinaria degli uffici', 20, 'Domani chiusura…'],
    ['drops a dangling separator', 'ALLERTA · Domani scuole chiuse', 12, 'ALLERTA…'],
    ['one long word is cut inside', 'x'.repeat(50), 10, 'xxxxxxxxx…'],
    ['never splits an emoji', '😀'.repeat(10), 6, '😀😀…'],
    ['room for the ellipsis only', 'Avviso importante', 1, '…'],
  ])('%s', (_label, text, max, expected) => {
    const out = truncateText(text, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});

describe('renderTemplateParams', () => {
  it('one parameter: the flattened text, untouched when it fits', () => {
    expect(renderTemplateParams('ALLERTA METEO\nDomani scuole chiuse', { maxParamLength: 1024, fixedTextLength: 40 })).toEqual({
      params: ['ALLERTA METEO · Domani scuole chiuse'],
      truncated: false,
      bodyLength: 40 + 36,
    });
  });

  it('shares the 1,024 characters with the fixed text of the template', () => {
    const text = 'Avviso. ' + 'parola '.repeat(30);
    const r = renderTemplateParams(text, { maxParamLength: 1024, fixedTextLength: 1000 });
    expect(r.truncated).toBe(true);
    expect(r.bodyLength).toBeLessThanOrEqual(1024);
    expect(r.params[0]).toMatch(/^Avviso\. parola.*parola…$/);
  });

  it.each([
    {
      label: 'title and body into "{{1}}\\n\\n{{2}}"',
      text: 'ALLERTA METEO\n\nDomani pioggia forte.\nScuole chiuse.',
      paramCount: 2,
      params: ['ALLERTA METEO', 'Domani pioggia forte. Scuole chiuse.'],
    },
    {
      label: 'one paragraph: its lines fill the variables',
      text: 'Allerta meteo\nDomani pioggia forte\nScuole chiuse',
      paramCount: 2,
      params: ['Allerta meteo', 'Domani pioggia forte · Scuole chiuse'],
    },
    {
      label: 'extra paragraphs go into the last variable',
      text: 'Titolo\n\nPrimo.\n\nSecondo.\n\nTerzo',
      paramCount: 2,
      params: ['Titolo', 'Primo. Secondo. Terzo'],
    },
    {
      label: 'too few lines: filler, because Meta refuses empty parameters',
      text: 'Solo una riga',
      paramCount: 3,
      params: ['Solo una riga', '-', '-'],
    },
  ])('$label', ({ text, paramCount, params }) => {
    expect(renderTemplateParams(text, { maxParamLength: 1024, paramCount }).params).toEqual(params);
  });

  it('cuts the longest parameter first, keeping a short title whole', () => {
    const body = 'Lavori in corso. '.repeat(12).trim();
    const r = renderTemplateParams(`Chiusura via Roma\n\n${body}`, { maxParamLength: 1024, paramCount: 2, bodyLimit: 100 });
    expect(r.params[0]).toBe('Chiusura via Roma');
    expect(r.params[1].endsWith('…')).toBe(true);
    expect(r.params[0].length + r.params[1].length).toBeLessThanOrEqual(100);
    expect(r.params[1].length).toBeGreaterThan(60);
  });

  it('respects the per-parameter maximum', () => {
    const r = renderTemplateParams('Uno due tre quattro cinque sei sette otto', { maxParamLength: 15 });
    expect(r.params).toEqual(['Uno due tre…']);
    expect(r.truncated).toBe(true);
  });

  it('always yields values Meta accepts, within every limit', () => {
    const texts = [
      'a\n\n\tb',
      ' x \t \n y ',
      'x' + ' '.repeat(40) + 'y',
      'Riga\n'.repeat(300),
      '😀 '.repeat(700),
      '- a\n- b\n- c\n\n\n\n- d',
      'Testo con tab\tin mezzo e\u00a0\u00a0\u00a0\u00a0\u00a0spazi',
      'Una sola riga lunghissima '.repeat(80),
    ];
    for (const text of texts) {
      for (const paramCount of [1, 2, 3]) {
        for (const [maxParamLength, fixedTextLength] of [[1024, 0], [60, 100], [200, 900], [5, 1000]]) {
          const r = renderTemplateParams(text, { maxParamLength, paramCount, fixedTextLength });
          expect(r.params).toHaveLength(paramCount);
          for (const p of r.params) {
            expect(metaAccepts(p)).toBe(true);
            expect(p.length).toBeLessThanOrEqual(maxParamLength);
          }
          expect(r.bodyLength).toBeLessThanOrEqual(1024);
        }
      }
    }
  });

  it('rejects what cannot be rendered', () => {
    expect(() => renderTemplateParams(' \n\t ', { maxParamLength: 100 })).toThrow(/Empty text/);
    expect(() => renderTemplateParams('Avviso', { maxParamLength: 100, fixedTextLength: 1024 })).toThrow(/No room/);
    expect(() => renderTemplateParams('Avviso', { maxParamLength: 100, paramCount: 0 })).toThrow(RangeError);
    expect(() => renderTemplateParams('Avviso', { maxParamLength: 0 })).toThrow(RangeError);
  });
});

describe('checkBroadcastText', () => {
  it.each([
    ['empty', '', ['empty']],
    ['only blanks', '   \n\t ', ['empty']],
    ['fine, with line breaks and tabs', 'Avviso:\n\tstrada chiusa', []],
    ['exactly 4,096', 'x'.repeat(4096), []],
    ['4,097', 'x'.repeat(4097), ['too_long']],
    ['bell character', 'ciao\u0007', ['control_characters']],
    ['C1 control', 'ciao\u009b', ['control_characters']],
    ['half an emoji', 'ciao \ud83d', ['broken_characters']],
    ['whole emoji', '😀 ciao', []],
  ])('%s -> %j', (_label, text, codes) => {
    expect(checkBroadcastText(text).map((p) => p.code)).toEqual(codes);
  });

  it('says it in Italian with Italian numbers', () => {
    expect(checkBroadcastText('x'.repeat(5000))).toEqual([
      {
        code: 'too_long',
        severity: 'error',
        message: 'Il testo è lungo 5.000 caratteri: WhatsApp ne accetta al massimo 4.096 per messaggio.',
      },
    ]);
  });

  it('warns when the template version will be shortened', () => {
    const template = { maxParamLength: 1024, fixedTextLength: 900 };
    const problems = checkBroadcastText('Avviso. ' + 'parola '.repeat(40), { template });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'template_truncated', severity: 'warning' });
    expect(problems[0].message).toContain('circa 124 caratteri');
    expect(checkBroadcastText('Avviso breve', { template })).toEqual([]);
  });
});
