import type { Metadata } from 'next';
import { ModelDetailPage } from '../../../../features/models/model-detail-page';

export const metadata: Metadata = { title: 'Model' };

export default async function ModelRoute({ params }: { params: Promise<{ id: string }> }) {
  return <ModelDetailPage modelId={(await params).id} />;
}
