import type { Metadata } from 'next';
import { PlaygroundPage } from '../../../features/playground/playground-page';
import { hasCapability } from '../../../server/page-access';
import { AccessDenied } from '../../../shell/access-denied';

export const metadata: Metadata = { title: 'Playground' };

export default async function PlaygroundRoute() {
  if (!(await hasCapability('playground:use'))) return <AccessDenied page="Playground" />;
  return <PlaygroundPage />;
}
