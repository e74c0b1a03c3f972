import { currentStep, stepState, subscribeWord } from '../src/forms/onboarding';
import { EMPTY_NUMBER, numberRules, registerBody, type NumberValues } from '../src/forms/number-form';

const none = { numbers: 0, keywordsChosen: false, notices: 0, users: 0, adminShowing: false };

describe('onboarding wizard: where it resumes', () => {
  it('walks number → keywords → notice → admin → ready', () => {
    expect(currentStep(none)).toBe('number');
    expect(currentStep({ ...none, numbers: 1 })).toBe('keywords');
    expect(currentStep({ ...none, numbers: 1, keywordsChosen: true })).toBe('notice');
    expect(currentStep({ ...none, numbers: 1, keywordsChosen: true, notices: 1 })).toBe('admin');
    expect(currentStep({ ...none, numbers: 1, keywordsChosen: true, notices: 1, users: 1 })).toBe('ready');
  });

  it('counts a later step done as the keywords confirmed, when the wizard is opened again', () => {
    expect(currentStep({ ...none, numbers: 1, notices: 1 })).toBe('admin');
    expect(currentStep({ ...none, numbers: 1, users: 2 })).toBe('notice');
  });

  it('never skips the number, whatever else exists', () => {
    expect(currentStep({ numbers: 0, keywordsChosen: true, notices: 3, users: 2, adminShowing: false })).toBe('number');
  });

  it('stays on the admin step while the new password is on screen', () => {
    expect(currentStep({ numbers: 1, keywordsChosen: true, notices: 1, users: 1, adminShowing: true })).toBe('admin');
  });

  it('marks steps before the current one done and after it to do', () => {
    expect(stepState('comune', 'notice')).toBe('done');
    expect(stepState('notice', 'notice')).toBe('current');
    expect(stepState('ready', 'notice')).toBe('todo');
  });

  it('finds the subscribe word of a keyword set', () => {
    const rules = [
      { id: 'aiuto', action: 'help' as const, phrases: ['AIUTO'] },
      { id: 'iscrizione', action: 'subscribe' as const, phrases: ['Iscrivimi', 'Iscrivetemi'] },
    ];
    expect(subscribeWord({ keywordSet: { rules, stopWords: [] } })).toBe('Iscrivimi');
    expect(subscribeWord({ keywordSet: { rules: [], stopWords: [] } })).toBeUndefined();
  });
});

describe('number form (the API’s rules, before sending)', () => {
  const good: NumberValues = {
    ...EMPTY_NUMBER,
    phoneNumberId: '106540352242922',
    displayPhoneNumber: '+39 335 652 8217',
    wabaId: '102290129340398',
    accessToken: 'EAAG0123456789',
    appSecret: 'abcdef0123',
    webhookVerifyToken: 'verify-me-1',
  };

  it('accepts what Meta gives, and sends numbers as numbers', () => {
    for (const [field, check] of Object.entries(numberRules)) expect([field, check(good[field])]).toEqual([field, undefined]);
    expect(registerBody({ ...good, mps: '250', phoneNumberId: ' 106540352242922 ' })).toMatchObject({ mps: 250, phoneNumberId: '106540352242922', messagingLimitTier: 'TIER_250' });
  });

  it.each([
    ['phoneNumberId', '', 'validation.required'],
    ['phoneNumberId', '10654-0352', 'validation.digits'],
    ['displayPhoneNumber', '335 652 8217', 'validation.intlPhone'],
    ['wabaId', 'abc', 'validation.digits'],
    ['accessToken', 'short', 'validation.secret'],
    ['appSecret', '1234567', 'validation.secret'],
    ['webhookVerifyToken', '', 'validation.required'],
    ['mps', '0', 'validation.mps'],
    ['mps', '1001', 'validation.mps'],
    ['mps', '8.5', 'validation.mps'],
  ])('refuses %s = %j with %s', (field, value, problem) => {
    expect(numberRules[field](value)).toBe(problem);
  });
});
