from edgelint.entry import main

main()
