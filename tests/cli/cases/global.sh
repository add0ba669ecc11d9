# The dispatcher: help, version, unknown commands.
nvmf --version
nvmf
nvmf frobnicate
nvmf --frob list
nvmf help list
nvmf list --help
