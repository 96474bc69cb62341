; Inno Setup script: the Windows installer of Kujdes.
;
; Build the bundle first (pyinstaller installer\kujdes.spec, giving dist\kujdes\), then:
;   iscc /DAppVersion=0.1.0 installer\kujdes.iss        ->  dist\kujdes-0.1.0-windows-setup.exe
;
; For the municipality's IT person:
;   kujdes-0.1.0-windows-setup.exe /SERVER=https://kujdes.bashkia.example
;       presets the municipal server (also asked on a wizard page, prefilled with this value)
;   ... /VERYSILENT /SUPPRESSMSGBOXES /SERVER=https://kujdes.bashkia.example
;       installs without questions
;   ... /SERVER=https://kujdes.bashkia.example /CACERT=\\bashkia\it\bashkia-ca.pem
;       also gives the laptop the municipality's own CA certificate (PEM): it is copied to
;       %LOCALAPPDATA%\Kujdes\municipality-ca.pem and settings.json names it as "ca_cert", so
;       the server's certificate is verified with it. Plain http:// is refused for any server
;       but this computer's (http://127.0.0.1, http://localhost).
;   unins000.exe /VERYSILENT /REMOVEDATA=yes
;       uninstalls and also removes the vaults, settings and logs of this Windows user
;
; The installation is per user (no administrator rights): the program goes to
; %LOCALAPPDATA%\Programs\Kujdes, the vaults, settings.json and logs stay in %LOCALAPPDATA%\Kujdes
; (desktop/core/paths.py). Installing a newer version replaces only the program; uninstalling
; keeps the vaults unless the user ticks "also remove my data".

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\kujdes"
#endif
#define AppName "Kujdes"

[Setup]
AppId={{38AFB4F6-83A9-4288-A65D-E58D77DD6652}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Kujdes
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Kujdes installer
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=kujdes-{#AppVersion}-windows-setup
SetupIconFile=icons\kujdes.ico
UninstallDisplayIcon={app}\kujdes.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=yes
CloseApplications=yes
RestartApplications=no
SetupLogging=yes

[Languages]
Name: "sq"; MessagesFile: "Albanian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
sq.ServerCaption=Serveri i bashkisë
sq.ServerDescription=Ku sinkronizohen të dhënat e këtij laptopi?
sq.ServerExplanation=Shkruani adresën e serverit Kujdes të bashkisë, siç jua ka dhënë administratori (p.sh. https://kujdes.bashkia.al). Hyrja e parë në këtë laptop kërkon lidhje me këtë server. Mund ta lini bosh dhe ta vendosni më vonë te Cilësimet.
sq.ServerLabel=&Adresa e serverit:
sq.ServerInvalid=Adresa e serverit duhet të fillojë me https:// dhe të mos ketë hapësira (http:// vetëm për një server në këtë kompjuter).
sq.CaCertInvalid=Skedari i certifikatës së bashkisë (/CACERT=) nuk u gjet ose nuk është certifikatë PEM.
sq.SelfTestShortcut=Kujdes - kontrolli i instalimit
sq.RemoveDataCaption=Çinstalimi i Kujdes
sq.RemoveDataText=Programi do të hiqet. Kasafortat me të dhënat e rasteve, cilësimet dhe regjistrat e punës mbeten në këtë kompjuter, që të mund t'i përdorni sërish pas një instalimi të ri.
sq.RemoveDataCheck=&Hiq edhe të dhënat e mia (të gjitha kasafortat, cilësimet dhe regjistrat)
sq.RemoveDataConfirm=Të gjitha kasafortat e këtij përdoruesi të Windows-it do të fshihen përgjithmonë. Ndryshimet që nuk janë sinkronizuar me serverin humbasin.%n%nTë fshihen të dhënat?
en.ServerCaption=Municipal server
en.ServerDescription=Where does this laptop sync its data?
en.ServerExplanation=Enter the address of the municipality's Kujdes server, as the administrator gave it to you (for example https://kujdes.bashkia.al). The first sign-in on this laptop needs a connection to this server. You can leave it empty and set it later in Settings.
en.ServerLabel=Server &address:
en.ServerInvalid=The server address must start with https:// and have no spaces (http:// only for a server on this computer).
en.CaCertInvalid=The municipality's certificate file (/CACERT=) was not found or is not a PEM certificate.
en.SelfTestShortcut=Kujdes - installation check
en.RemoveDataCaption=Uninstalling Kujdes
en.RemoveDataText=The program will be removed. The vaults with the case data, the settings and the logs stay on this computer, so a new installation can use them again.
en.RemoveDataCheck=&Also remove my data (all vaults, settings and logs)
en.RemoveDataConfirm=All vaults of this Windows user will be deleted for good. Changes not yet synced with the server are lost.%n%nDelete the data?

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The program's own files only: an upgrade must not leave modules of the old version behind.
; The vaults, settings and logs live in %LOCALAPPDATA%\Kujdes and are never touched here.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\kujdes.exe"
Name: "{group}\{cm:SelfTestShortcut}"; Filename: "{cmd}"; Parameters: "/k """"{app}\kujdes-cli.exe"" --self-test"""; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\kujdes.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\kujdes.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
var
  ServerPage: TInputQueryWizardPage;
  RemoveData: Boolean;

{ --- settings.json (desktop/core/settings.py): only "server_url" and "ca_cert" are written,
  the rest kept --- }

function SettingsDir: String;
begin
  Result := GetEnv('KUJDES_CONFIG_DIR');
  if Result = '' then
    Result := ExpandConstant('{localappdata}\Kujdes');
end;

function SettingsFile: String;
begin
  Result := AddBackslash(SettingsDir) + 'settings.json';
end;

function DataDir: String;
begin
  Result := ExpandConstant('{localappdata}\Kujdes');
end;

function SkipSpaces(const S: AnsiString; I: Integer): Integer;
begin
  while (I <= Length(S)) and ((S[I] = ' ') or (S[I] = #9) or (S[I] = #10) or (S[I] = #13)) do
    I := I + 1;
  Result := I;
end;

{ The index just after the closing quote of the JSON string opening at Start; 0 if none. }
function StringEnd(const S: AnsiString; Start: Integer): Integer;
var
  I: Integer;
begin
  Result := 0;
  I := Start + 1;
  while I <= Length(S) do
  begin
    if S[I] = '\' then
      I := I + 2
    else if S[I] = '"' then
    begin
      Result := I + 1;
      Exit;
    end
    else
      I := I + 1;
  end;
end;

{ The index of the opening quote of the value of Key; 0 if there is none. }
function ValueStart(const S: AnsiString; const Key: String): Integer;
var
  I: Integer;
begin
  Result := 0;
  I := Pos('"' + Key + '"', S);
  if I = 0 then
    Exit;
  I := SkipSpaces(S, I + Length(Key) + 2);
  if (I > Length(S)) or (S[I] <> ':') then
    Exit;
  I := SkipSpaces(S, I + 1);
  if (I <= Length(S)) and (S[I] = '"') then
    Result := I;
end;

function ReadSetting(const Key: String): String;
var
  S: AnsiString;
  First, Last: Integer;
begin
  Result := '';
  if not LoadStringFromFile(SettingsFile, S) then
    Exit;
  First := ValueStart(S, Key);
  if First = 0 then
    Exit;
  Last := StringEnd(S, First);
  if Last > 0 then
    Result := Copy(S, First + 1, Last - First - 2);
end;

function FreshSettings(const Key, Value: String): AnsiString;
begin
  Result := '{' + #10 + '  "idle_lock_minutes": 5,' + #10 +
    '  "language": "' + ActiveLanguage + '",' + #10 +
    '  "' + Key + '": "' + Value + '"' + #10 + '}' + #10;
end;

{ The settings text with Key set to Value; '' when the text is not a JSON object. }
function WithSetting(const S: AnsiString; const Key, Value: String): AnsiString;
var
  Brace, First, Last: Integer;
begin
  Result := '';
  Brace := Pos('{', S);
  if (Brace = 0) or (Trim(Copy(S, 1, Brace - 1)) <> '') then
    Exit;
  First := ValueStart(S, Key);
  if First > 0 then
  begin
    Last := StringEnd(S, First);
    if Last > 0 then
      Result := Copy(S, 1, First - 1) + '"' + Value + '"' + Copy(S, Last, Length(S));
    Exit;
  end;
  First := SkipSpaces(S, Brace + 1);
  if (First <= Length(S)) and (S[First] = '}') then
    Result := Copy(S, 1, Brace) + #10 + '  "' + Key + '": "' + Value + '"' + #10 +
      Copy(S, First, Length(S))
  else
    Result := Copy(S, 1, Brace) + #10 + '  "' + Key + '": "' + Value + '",' +
      Copy(S, Brace + 1, Length(S));
end;

procedure WriteSetting(const Key, Value: String);
var
  Path: String;
  Current, Updated: AnsiString;
begin
  Path := SettingsFile;
  Updated := '';
  if LoadStringFromFile(Path, Current) then
  begin
    Updated := WithSetting(Current, Key, Value);
    if Updated = '' then
    begin
      { A damaged file is kept aside for support, never silently lost. }
      DeleteFile(Path + '.damaged');
      RenameFile(Path, Path + '.damaged');
      Log('settings.json was damaged; kept as settings.json.damaged');
    end;
  end;
  if Updated = '' then
    Updated := FreshSettings(Key, Value);
  ForceDirectories(SettingsDir);
  if SaveStringToFile(Path + '.tmp', Updated, False) then
  begin
    DeleteFile(Path);
    if RenameFile(Path + '.tmp', Path) then
      Log(Key + ' written to settings.json')
    else
      Log('Could not replace settings.json');
  end
  else
    Log('Could not write settings.json');
end;

{ https://, or plain http:// to this computer only (desktop: sync/client.py check_server_url). }
function IsValidServer(const Url: String): Boolean;
var
  I: Integer;
  Lower: String;
begin
  Lower := LowerCase(Url);
  Result := ((Pos('https://', Lower) = 1) and (Length(Url) > 8)) or
    (Pos('http://127.', Lower) = 1) or (Pos('http://localhost:', Lower) = 1) or
    (Lower = 'http://localhost') or (Pos('http://localhost/', Lower) = 1) or
    (Pos('http://[::1]', Lower) = 1);
  if not Result then
    Exit;
  for I := 1 to Length(Url) do
    if (Ord(Url[I]) <= 32) or (Ord(Url[I]) >= 127) or (Url[I] = '"') or (Url[I] = '\') then
    begin
      Result := False;
      Exit;
    end;
end;

function ServerParameter: String;
begin
  Result := Trim(ExpandConstant('{param:SERVER|}'));
end;

{ --- the municipality's own CA certificate (/CACERT=FILE), copied beside settings.json --- }

const
  CaCertName = 'municipality-ca.pem';

function CaCertParameter: String;
begin
  Result := Trim(ExpandConstant('{param:CACERT|}'));
end;

function IsPemCertificate(const Path: String): Boolean;
var
  S: AnsiString;
begin
  Result := FileExists(Path) and LoadStringFromFile(Path, S) and
    (Pos('-----BEGIN CERTIFICATE-----', S) > 0);
end;

procedure InstallCaCert(const Source: String);
var
  Target: String;
begin
  ForceDirectories(SettingsDir);
  Target := AddBackslash(SettingsDir) + CaCertName;
  if FileCopy(Source, Target, False) then
  begin
    WriteSetting('ca_cert', CaCertName);
    Log('The municipality''s CA certificate was copied to ' + Target);
  end
  else
    Log('Could not copy the CA certificate to ' + Target);
end;

{ --- installing --- }

function InitializeSetup: Boolean;
begin
  Result := True;
  if (ServerParameter <> '') and not IsValidServer(ServerParameter) then
  begin
    SuppressibleMsgBox(CustomMessage('ServerInvalid'), mbCriticalError, MB_OK, IDOK);
    Result := False;
  end
  else if (CaCertParameter <> '') and not IsPemCertificate(CaCertParameter) then
  begin
    SuppressibleMsgBox(CustomMessage('CaCertInvalid'), mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

procedure InitializeWizard;
var
  Preset: String;
begin
  ServerPage := CreateInputQueryPage(wpSelectDir, CustomMessage('ServerCaption'),
    CustomMessage('ServerDescription'), CustomMessage('ServerExplanation'));
  ServerPage.Add(CustomMessage('ServerLabel'), False);
  Preset := ServerParameter;
  if Preset = '' then
    Preset := ReadSetting('server_url');
  ServerPage.Values[0] := Preset;
end;

function NextButtonClick(CurPageID: Integer): Boolean;
var
  Url: String;
begin
  Result := True;
  if CurPageID = ServerPage.ID then
  begin
    Url := Trim(ServerPage.Values[0]);
    ServerPage.Values[0] := Url;
    if (Url <> '') and not IsValidServer(Url) then
    begin
      MsgBox(CustomMessage('ServerInvalid'), mbError, MB_OK);
      Result := False;
    end;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Url: String;
begin
  if CurStep = ssPostInstall then
  begin
    Url := Trim(ServerPage.Values[0]);
    if (Url <> '') and (Url <> ReadSetting('server_url')) then
      WriteSetting('server_url', Url);
    if CaCertParameter <> '' then
      InstallCaCert(CaCertParameter);
  end;
end;

{ --- uninstalling: the data stays unless the user asks for it to go --- }

function AskRemoveData: Boolean;
var
  Form: TSetupForm;
  Note: TNewStaticText;
  Check: TNewCheckBox;
  OkButton: TNewButton;
begin
#if VER >= EncodeVer(6, 6, 0)
  Form := CreateCustomForm(420, 150, False, False);
#else
  Form := CreateCustomForm();
  Form.ClientWidth := ScaleX(420);
  Form.ClientHeight := ScaleY(150);
#endif
  try
    Form.Caption := CustomMessage('RemoveDataCaption');
    Form.Position := poScreenCenter;

    Note := TNewStaticText.Create(Form);
    Note.Parent := Form;
    Note.Left := ScaleX(12);
    Note.Top := ScaleY(12);
    Note.Width := Form.ClientWidth - ScaleX(24);
    Note.AutoSize := False;
    Note.WordWrap := True;
    Note.Height := ScaleY(60);
    Note.Caption := CustomMessage('RemoveDataText');

    Check := TNewCheckBox.Create(Form);
    Check.Parent := Form;
    Check.Left := ScaleX(12);
    Check.Top := ScaleY(78);
    Check.Width := Form.ClientWidth - ScaleX(24);
    Check.Height := ScaleY(20);
    Check.Caption := CustomMessage('RemoveDataCheck');
    Check.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Width := ScaleX(80);
    OkButton.Height := ScaleY(25);
    OkButton.Left := Form.ClientWidth - OkButton.Width - ScaleX(12);
    OkButton.Top := Form.ClientHeight - OkButton.Height - ScaleY(12);
    OkButton.Caption := SetupMessage(msgButtonOK);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    Form.ActiveControl := OkButton;
    Form.ShowModal;
    Result := Check.Checked and
      (MsgBox(CustomMessage('RemoveDataConfirm'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES);
  finally
    Form.Free;
  end;
end;

function InitializeUninstall: Boolean;
begin
  Result := True;
  RemoveData := LowerCase(ExpandConstant('{param:REMOVEDATA|no}')) = 'yes';
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usUninstall) and not RemoveData and not UninstallSilent then
    RemoveData := AskRemoveData;
  if (CurUninstallStep = usPostUninstall) and RemoveData then
  begin
    if DelTree(DataDir, True, True, True) then
      Log('The vaults, settings and logs were removed')
    else
      Log('Some data could not be removed');
    if SettingsDir <> DataDir then
    begin
      DeleteFile(SettingsFile);
      DeleteFile(AddBackslash(SettingsDir) + CaCertName);
    end;
  end;
end;
