import { DOMParser } from '@xmldom/xmldom';

type XmlElement = Element;

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

export interface ParsedIdpMetadata {
  idpEntityId: string;
  ssoUrl: string;
  sloUrl: string | null;
  certificates: string[];
}

export class SamlMetadataError extends Error {
  override name = 'SamlMetadataError';
}

function children(parent: XmlElement, ns: string, local: string): XmlElement[] {
  return Array.from(parent.getElementsByTagNameNS(ns, local) as unknown as ArrayLike<XmlElement>);
}

/** Reads an IdP's entityID, SSO/SLO endpoints (HTTP-Redirect preferred) and signing certificates from SAML metadata. */
export function parseIdpMetadata(xml: string): ParsedIdpMetadata {
  if (/<!DOCTYPE/i.test(xml)) throw new SamlMetadataError('metadata with a DOCTYPE is refused');
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) } }).parseFromString(xml, 'text/xml');
  if (errors.length || !doc?.documentElement) throw new SamlMetadataError('metadata is not well-formed XML');
  const root = doc.documentElement as unknown as XmlElement;
  const entity = root.localName === 'EntityDescriptor' ? root : children(root, MD, 'EntityDescriptor').find((e) => children(e, MD, 'IDPSSODescriptor').length > 0);
  const idp = entity ? children(entity, MD, 'IDPSSODescriptor')[0] : undefined;
  if (!entity || !idp) throw new SamlMetadataError('no EntityDescriptor with an IDPSSODescriptor');
  const entityId = entity.getAttribute('entityID');
  const endpoint = (local: string): string | null => {
    const services = children(idp, MD, local);
    const pick = services.find((s) => s.getAttribute('Binding') === REDIRECT) ?? services.find((s) => s.getAttribute('Binding') === POST);
    return pick?.getAttribute('Location') || null;
  };
  const ssoUrl = endpoint('SingleSignOnService');
  const certificates = children(idp, MD, 'KeyDescriptor')
    .filter((k) => !k.getAttribute('use') || k.getAttribute('use') === 'signing')
    .flatMap((k) => children(k, DS, 'X509Certificate').map((c) => (c.textContent ?? '').replace(/\s+/g, '')))
    .filter((c) => c.length > 0);
  if (!entityId || !ssoUrl || certificates.length === 0) throw new SamlMetadataError('metadata lacks the entityID, a SingleSignOnService or a signing certificate');
  return { idpEntityId: entityId, ssoUrl, sloUrl: endpoint('SingleLogoutService'), certificates: [...new Set(certificates)].slice(0, 4) };
}
