; Inno Setup 6 script: installs Опека-Офлайн for the current user, without administrator rights.
;
;   python build\dev.py build      — builds dist\opeka-VERSION\ and, when Inno Setup 6 is installed, runs
;                                    ISCC /DAppVersion=VERSION build\windows\opeka.iss
; Result: dist\opeka-VERSION-windows-setup.exe. The user's database (%LOCALAPPDATA%\Opeka\OpekaOffline) is
; outside the program folder: updating or uninstalling the program never touches it.

#ifndef AppVersion
  #error Укажите версию: ISCC /DAppVersion=0.1.0 build\windows\opeka.iss (python build\dev.py build делает это сам)
#endif
#define AppName "Опека-Офлайн"
; build\windows\check_installer.py passes /DBuildDir= a stand-in folder to check the installer itself.
#ifndef BuildDir
  #define BuildDir "..\..\dist\opeka-" + AppVersion
#endif

[Setup]
; AppId identifies the program for updates and the uninstaller: never change it.
AppId={{B4CADB8E-7C4D-4D82-80A2-7F03E243F1E2}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Опека-Офлайн
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Установка {#AppName}
; Per user: no UAC prompt, installs into %LOCALAPPDATA%\Programs like other per-user programs.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\Opeka-Offline
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsedUserAreasWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=opeka-{#AppVersion}-windows-setup
SetupIconFile=..\pyinstaller\icons\opeka.ico
UninstallDisplayIcon={app}\opeka.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The previous version's libraries go before the new ones are copied: no stale DLL is left to be loaded.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\opeka.exe"; WorkingDir: "{app}"
Name: "{autoprograms}\Удалить {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\opeka.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\opeka.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
