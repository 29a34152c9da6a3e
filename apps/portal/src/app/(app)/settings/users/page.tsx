import type { Metadata } from 'next';
import { UsersPage } from '../../../../features/users/users-page';
import { hasCapability } from '../../../../server/page-access';
import { AccessDenied } from '../../../../shell/access-denied';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersRoute() {
  if (!(await hasCapability('users:view'))) return <AccessDenied page="Users" />;
  return <UsersPage />;
}
