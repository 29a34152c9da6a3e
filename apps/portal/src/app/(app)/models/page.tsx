import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ModelsPage } from '../../../features/models/models-page';

export const metadata: Metadata = { title: 'Models' };

export default function ModelsRoute() {
  return (
    <Suspense>
      <ModelsPage />
    </Suspense>
  );
}
