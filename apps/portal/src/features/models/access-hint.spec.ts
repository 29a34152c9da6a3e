import { accessHint } from './model-detail-page';

const base = { ownTeams: 1, ownTeamsWithAccess: 0, canRequestForATeam: false, canDecide: false, canRequest: true };

describe('the model page’s Access panel when it has nothing else to show', () => {
  it('says nothing extra when a team of the caller has the model, or the caller can request it for one', () => {
    expect(accessHint({ ...base, ownTeamsWithAccess: 1 })).toBeNull();
    expect(accessHint({ ...base, canRequestForATeam: true })).toBeNull();
  });

  it('tells an owner or admin in no team how teams get the model', () => {
    expect(accessHint({ ...base, ownTeams: 0, canDecide: true })).toMatch(/allowed models .* or when you approve its request/);
  });

  it('tells a member of no team to ask for one, and a viewer who may request it', () => {
    expect(accessHint({ ...base, ownTeams: 0 })).toMatch(/Ask a team admin to add you/);
    expect(accessHint({ ...base, canRequest: false })).toMatch(/Developers and team admins/);
  });
});
