import { templateParamProblem, toTemplateParam } from './template-param';

describe('toTemplateParam', () => {
  it.each([
    ['Strada chiusa.\nDeviazione in via Roma', 'Strada chiusa. Deviazione in via Roma'],
    ['Riga uno\r\n\r\nRiga due', 'Riga uno Riga due'],
    ['Colonna\tvalore', 'Colonna valore'],
    ['troppi      spazi', 'troppi spazi'],
    ['  bordi  ', 'bordi'],
    ['separatore\u2028unicode', 'separatore unicode'],
    ['già a posto, città', 'già a posto, città'],
    ['', ''],
  ])('%j becomes %j', (input, output) => {
    expect(toTemplateParam(input)).toBe(output);
  });

  it('always yields something Meta accepts', () => {
    const samples = ['a\n\n\tb', ' \t \n ', 'x' + ' '.repeat(40) + 'y', 'fine'];
    for (const sample of samples) expect(templateParamProblem(toTemplateParam(sample))).toBeUndefined();
  });
});

describe('templateParamProblem', () => {
  it.each([
    ['a\nb', 'contains a new-line'],
    ['a\tb', 'contains a tab'],
    ['a     b', 'contains more than 4 consecutive spaces'],
  ])('%j %s', (input, problem) => {
    expect(templateParamProblem(input)).toBe(problem);
  });

  it('accepts up to 4 consecutive spaces', () => {
    expect(templateParamProblem('a    b')).toBeUndefined();
  });
});
