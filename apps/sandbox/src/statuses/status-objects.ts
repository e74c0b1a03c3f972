/** The `statuses[]` items of a status webhook (WHATSAPP.md §2.4). */
export type SimulatedStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusFacts {
  wamid: string;
  status: SimulatedStatus;
  recipientDigits: string;
  recipientUserId: string;
  timestamp: Date;
  bizOpaqueCallbackData?: string;
  /** Templates are billed; free-form replies inside the service window are free (§4.3). */
  billing: 'template' | 'service';
}

export function statusObject(facts: StatusFacts): Record<string, unknown> {
  const status: Record<string, unknown> = {
    id: facts.wamid,
    status: facts.status,
    timestamp: Math.floor(facts.timestamp.getTime() / 1000).toString(),
    recipient_id: facts.recipientDigits,
  };
  // "failed statuses omit ... recipient_user_id when sent to a phone number" (§2.5).
  if (facts.status !== 'failed') status.recipient_user_id = facts.recipientUserId;
  if (facts.bizOpaqueCallbackData !== undefined) status.biz_opaque_callback_data = facts.bizOpaqueCallbackData;
  // `pricing` appears on sent and on one of delivered/read; the sandbox puts it on sent and delivered.
  // The template category is not modelled (no template registry), so templates are billed as utility.
  if (facts.status === 'sent' || facts.status === 'delivered') {
    status.pricing =
      facts.billing === 'template'
        ? { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' }
        : { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  }
  if (facts.status === 'failed') {
    status.errors = [
      {
        code: 131026,
        title: 'Message undeliverable',
        message: 'Message undeliverable',
        error_data: { details: 'Message Undeliverable.' },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ];
  }
  return status;
}
