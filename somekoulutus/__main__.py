from somekoulutus.cli import main

main()
