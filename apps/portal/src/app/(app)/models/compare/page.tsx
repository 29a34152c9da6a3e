import type { Metadata } from 'next';
import { CompareModelsPage } from '../../../../features/models/compare-models-page';

export const metadata: Metadata = { title: 'Compare models' };

export default async function CompareRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).ids;
  const ids = (typeof raw === 'string' ? raw.split(',') : []).map((id) => id.trim()).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  return <CompareModelsPage ids={[...new Set(ids)]} />;
}
