from edgelint.cli.entry import main

main()
