# The dispatcher: help, version, unknown commands.
nvmf --version
nvmf
nvmf frobnicate
nvmf --frob list
nvmf help list
nvmf list --help
note "help alone is --help; help with an unknown command is a usage error"
nvmf help
nvmf help frobnicate
