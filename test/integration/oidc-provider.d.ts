// oidc-provider 9 ships no type declarations; the OIDC test only needs it loosely typed.
declare module 'oidc-provider' {
  const Provider: any;
  export default Provider;
}
