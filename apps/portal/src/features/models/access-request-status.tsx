import { Badge } from '@sluice/ui';

const TONE = { pending: 'warning', approved: 'success', denied: 'danger' } as const;
const LABEL = { pending: 'Pending', approved: 'Approved', denied: 'Denied' } as const;

export function AccessRequestStatus({ status }: { status: keyof typeof TONE }) {
  return <Badge tone={TONE[status]}>{LABEL[status]}</Badge>;
}
