// Vite turns `import './styles.css'` into a <link>ed file (the CSP allows style-src 'self' only).
declare module '*.css';
