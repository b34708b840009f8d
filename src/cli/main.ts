// Placeholder entry; replaced by the CLI module.
console.log('go-setup-wizard');
