@echo off
rem The `workbench` command on Windows: builds the command line on first use, then runs it.
set "WB_DLL=%~dp0artifacts\bin\workbench\Workbench.Cli.dll"
if not exist "%WB_DLL%" dotnet build "%~dp0lib\Workbench.Cli" -nologo -v quiet 1>&2
dotnet "%WB_DLL%" %*
