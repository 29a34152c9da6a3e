/** The samlify schema validator backed by xmllint-wasm (the package ships no types). */
declare module '@authenio/samlify-xmllint-wasm' {
  export function validate(xml: string): Promise<true>;
}
