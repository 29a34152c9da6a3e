// Moved to @sluice/contracts (the exact cache needs them too); imported from here by the adapters.
export { blockOrderOf, inBlockOrder, type BlockBuilders, type BlockSlot } from '@sluice/contracts';
