/**
 * How urgent a send is. Urgent covers what cannot wait for the morning or for the next digest (Saronno:
 * "urgent alerts any time"): civil-protection and weather alerts, water or road emergencies.
 */
export type SendPriority = 'normal' | 'urgent';

export const SEND_PRIORITIES: readonly SendPriority[] = ['urgent', 'normal'];
