import type { Metadata } from 'next';
import { CatalogAdminPage } from '../../../../features/catalog-admin/catalog-admin-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'Model catalog' };

export default async function CatalogAdminRoute() {
  if (!(await hasCapability('models:manage'))) return <AccessDenied page="Model catalog" />;
  return <CatalogAdminPage />;
}
