'use client';

import { useState } from 'react';
import { Button } from '@sluice/ui';
import { endSession } from '../session/end-session';
import { roleLabel } from '../session/access';
import { useSession } from '../session/session-context';

/** Who is signed in, in which role, and the way out. */
export function UserMenu() {
  const { me, roles } = useSession();
  const [signingOut, setSigningOut] = useState(false);

  const signOut = async () => {
    setSigningOut(true);
    window.location.assign(await endSession());
  };

  return (
    <div className="flex items-center gap-3">
      <div className="hidden flex-col items-end leading-tight md:flex">
        <span className="text-sm font-medium text-fg" data-testid="signed-in-user">
          {me.user.displayName || me.user.email}
        </span>
        <span className="text-xs text-fg-muted">{roles.length ? roles.map(roleLabel).join(', ') : 'No role'}</span>
      </div>
      <Button variant="secondary" size="sm" onClick={signOut} loading={signingOut}>
        Sign out
      </Button>
    </div>
  );
}
