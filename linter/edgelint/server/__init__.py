"""`edgelint server`: lint's findings in the editor over the Language Server Protocol."""
