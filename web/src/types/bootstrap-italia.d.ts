declare module 'bootstrap-italia/dist/plugins/fonts-loader.js' {
  /** Injects the @font-face rules for Titillium Web, Lora and Roboto Mono, served from `path`. */
  const loadFonts: (path?: string) => void;
  export default loadFonts;
}
