import { HealthFacts, healthVerdict } from './verdict';

const healthy: HealthFacts = {
  comuneStatus: 'active',
  numbers: [{ sendingStatus: 'active' }],
  templatesApproved: 1,
  templatesRejected: 0,
  sent24h: 1000,
  failed24h: 3,
  throttled24h: 0,
};

describe('healthVerdict', () => {
  it('is ok when a number sends, a template is approved and few sends fail', () => {
    expect(healthVerdict(healthy)).toEqual({ level: 'ok', issues: [] });
  });

  it('is a problem without a number, or when every number is stopped, or when suspended', () => {
    expect(healthVerdict({ ...healthy, numbers: [] })).toEqual({ level: 'problem', issues: ['no_number'] });
    expect(healthVerdict({ ...healthy, numbers: [{ sendingStatus: 'stopped' }] })).toEqual({ level: 'problem', issues: ['number_stopped'] });
    expect(healthVerdict({ ...healthy, comuneStatus: 'suspended' }).level).toBe('problem');
  });

  it('needs attention when one of two numbers is stopped, a template was rejected or none approved', () => {
    expect(healthVerdict({ ...healthy, numbers: [{ sendingStatus: 'active' }, { sendingStatus: 'stopped' }] })).toEqual({
      level: 'attention',
      issues: ['number_stopped'],
    });
    expect(healthVerdict({ ...healthy, templatesRejected: 2 }).issues).toEqual(['template_rejected']);
    expect(healthVerdict({ ...healthy, templatesApproved: 0 }).issues).toEqual(['no_approved_template']);
  });

  it('needs attention when Meta throttled sends, or one send in ten failed', () => {
    expect(healthVerdict({ ...healthy, throttled24h: 5 }).issues).toEqual(['throttled']);
    expect(healthVerdict({ ...healthy, sent24h: 90, failed24h: 10 }).issues).toEqual(['many_failures']);
    expect(healthVerdict({ ...healthy, sent24h: 91, failed24h: 9 }).issues).toEqual([]);
  });

  it('does not judge failures when nothing was sent', () => {
    expect(healthVerdict({ ...healthy, sent24h: 0, failed24h: 0 })).toEqual({ level: 'ok', issues: [] });
  });

  it('lists every issue, problems first', () => {
    expect(healthVerdict({ ...healthy, comuneStatus: 'suspended', numbers: [], templatesApproved: 0, throttled24h: 1 }).issues).toEqual([
      'suspended',
      'no_number',
      'throttled',
    ]);
  });
});
