from qinglian.cli import main

main()
