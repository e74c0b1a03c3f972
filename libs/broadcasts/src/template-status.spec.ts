import { templateStatusAfter } from './template-status';

describe('templateStatusAfter', () => {
  it.each([
    ['APPROVED', 'APPROVED'],
    ['REINSTATED', 'APPROVED'],
    ['REJECTED', 'REJECTED'],
    ['PAUSED', 'PAUSED'],
    ['IN_APPEAL', 'PENDING'],
    ['DISABLED', 'DISABLED'],
    ['PENDING_DELETION', 'DISABLED'],
  ])('%s makes the template %s', (event, status) => {
    expect(templateStatusAfter(event)).toBe(status);
  });

  it.each(['FLAGGED', 'LOCKED', 'UNLOCKED', 'SOMETHING_NEW'])('%s leaves it as it is', (event) => {
    expect(templateStatusAfter(event)).toBeUndefined();
  });
});
