from somekoulutus.console import main

main()
