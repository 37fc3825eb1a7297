from edgelint.cli.entry import console

console()
