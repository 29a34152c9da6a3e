/** What the connection form holds (all strings, as typed). */
export interface SsoFormValues {
  type: 'oidc' | 'saml';
  name: string;
  enabled: boolean;
  // OIDC
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  // SAML
  samlSource: 'metadataUrl' | 'metadataXml' | 'manual';
  metadataUrl: string;
  metadataXml: string;
  idpEntityId: string;
  ssoUrl: string;
  sloUrl: string;
  certificate: string;
  allowIdpInitiated: boolean;
  // Claim (OIDC) or attribute (SAML) names
  emailClaim: string;
  nameClaim: string;
  groupsClaim: string;
}

export type BodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; errors: Array<{ path: string; message: string }> };

/**
 * The create (POST) or change (PATCH) body for a connection. When editing, an empty client secret or
 * IdP metadata field means "keep what is stored"; the type never changes.
 */
export function connectionBody(values: SsoFormValues, editing: boolean): BodyResult {
  const errors: Array<{ path: string; message: string }> = [];
  const required = (path: keyof SsoFormValues, label: string) => {
    if (!String(values[path]).trim()) errors.push({ path, message: `${label} is required.` });
  };
  required('name', 'Name');
  const mapping = { email: values.emailClaim.trim() || 'email', name: values.nameClaim.trim() || 'name', groups: values.groupsClaim.trim() || 'groups' };
  const body: Record<string, unknown> = { name: values.name.trim(), enabled: values.enabled };

  if (values.type === 'oidc') {
    required('issuer', 'Issuer URL');
    required('clientId', 'Client ID');
    if (!editing) required('clientSecret', 'Client secret');
    const scopes = values.scopes.split(/[\s,]+/).filter(Boolean);
    if (!scopes.includes('openid')) errors.push({ path: 'scopes', message: 'Scopes must include openid.' });
    Object.assign(body, { issuer: values.issuer.trim(), clientId: values.clientId.trim(), scopes, claimMapping: mapping });
    if (values.clientSecret) body.clientSecret = values.clientSecret;
  } else {
    if (values.samlSource === 'metadataUrl') {
      if (!editing || values.metadataUrl.trim()) required('metadataUrl', 'Metadata URL');
      if (values.metadataUrl.trim()) body.metadataUrl = values.metadataUrl.trim();
    } else if (values.samlSource === 'metadataXml') {
      if (!editing || values.metadataXml.trim()) required('metadataXml', 'Metadata XML');
      if (values.metadataXml.trim()) body.metadataXml = values.metadataXml.trim();
    } else {
      required('idpEntityId', 'IdP entity ID');
      required('ssoUrl', 'SSO URL');
      if (!editing) required('certificate', 'Signing certificate');
      Object.assign(body, { idpEntityId: values.idpEntityId.trim(), ssoUrl: values.ssoUrl.trim(), sloUrl: values.sloUrl.trim() || null });
      if (values.certificate.trim()) body.certificates = [values.certificate.trim()];
    }
    Object.assign(body, { allowIdpInitiated: values.allowIdpInitiated, attributeMapping: mapping });
  }
  if (!editing) body.type = values.type;
  return errors.length ? { ok: false, errors } : { ok: true, body };
}
