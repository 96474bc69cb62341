; *** Inno Setup version 6.4.0+ Albanian messages, written for Kujdes ***
;
; Albanian is not among Inno Setup's official translations. This file covers every message of
; Inno Setup 6.4 (Default.isl); a message that a newer Inno Setup adds and this file lacks is
; shown in English (the compiler warns about it), a message an older one does not know is
; ignored.
;
; Note: do not add a period at the end of a message that has none; Inno Setup adds it.

[LangOptions]
LanguageName=Shqip
LanguageID=$041C
LanguageCodePage=1250

[Messages]

; *** Application titles
SetupAppTitle=Instalimi
SetupWindowTitle=Instalimi - %1
UninstallAppTitle=Çinstalimi
UninstallAppFullTitle=Çinstalimi i %1

; *** Misc. common
InformationTitle=Informacion
ConfirmTitle=Konfirmim
ErrorTitle=Gabim

; *** SetupLdr messages
SetupLdrStartupMessage=Do të instalohet %1. Doni të vazhdoni?
LdrCannotCreateTemp=Nuk u krijua dot një skedar i përkohshëm. Instalimi u ndërpre
LdrCannotExecTemp=Nuk u ekzekutua dot skedari në dosjen e përkohshme. Instalimi u ndërpre
HelpTextNote=

; *** Startup error messages
LastErrorMessage=%1.%n%nGabimi %2: %3
SetupFileMissing=Skedari %1 mungon në dosjen e instalimit. Ju lutemi ndreqni problemin ose merrni një kopje të re të programit.
SetupFileCorrupt=Skedarët e instalimit janë të dëmtuar. Ju lutemi merrni një kopje të re të programit.
SetupFileCorruptOrWrongVer=Skedarët e instalimit janë të dëmtuar ose nuk përputhen me këtë version të instaluesit. Ju lutemi ndreqni problemin ose merrni një kopje të re të programit.
InvalidParameter=Në rreshtin e komandës u dha një parametër i pavlefshëm:%n%n%1
SetupAlreadyRunning=Instalimi është duke punuar.
WindowsVersionNotSupported=Ky program nuk e mbështet versionin e Windows-it në kompjuterin tuaj.
WindowsServicePackRequired=Ky program kërkon %1 Service Pack %2 ose më të ri.
NotOnThisPlatform=Ky program nuk punon në %1.
OnlyOnThisPlatform=Ky program duhet të punojë në %1.
OnlyOnTheseArchitectures=Ky program mund të instalohet vetëm në versione të Windows-it për këto arkitektura procesori:%n%n%1
WinVersionTooLowError=Ky program kërkon %1 version %2 ose më të ri.
WinVersionTooHighError=Ky program nuk mund të instalohet në %1 version %2 ose më të ri.
AdminPrivilegesRequired=Për të instaluar këtë program duhet të jeni futur si administrator.
PowerUserPrivilegesRequired=Për të instaluar këtë program duhet të jeni futur si administrator ose si anëtar i grupit Power Users.
SetupAppRunningError=Instalimi zbuloi se %1 është i hapur.%n%nJu lutemi mbyllni të gjitha dritaret e tij, pastaj klikoni OK për të vazhduar ose Anulo për të dalë.
UninstallAppRunningError=Çinstalimi zbuloi se %1 është i hapur.%n%nJu lutemi mbyllni të gjitha dritaret e tij, pastaj klikoni OK për të vazhduar ose Anulo për të dalë.

; *** Startup questions
PrivilegesRequiredOverrideTitle=Zgjidhni mënyrën e instalimit
PrivilegesRequiredOverrideInstruction=Zgjidhni mënyrën e instalimit
PrivilegesRequiredOverrideText1=%1 mund të instalohet për të gjithë përdoruesit (kërkon të drejta administratori) ose vetëm për ju.
PrivilegesRequiredOverrideText2=%1 mund të instalohet vetëm për ju ose për të gjithë përdoruesit (kërkon të drejta administratori).
PrivilegesRequiredOverrideAllUsers=Instaloje për &të gjithë përdoruesit
PrivilegesRequiredOverrideAllUsersRecommended=Instaloje për &të gjithë përdoruesit (rekomandohet)
PrivilegesRequiredOverrideCurrentUser=Instaloje vetëm për &mua
PrivilegesRequiredOverrideCurrentUserRecommended=Instaloje vetëm për &mua (rekomandohet)

; *** Misc. errors
ErrorCreatingDir=Instaluesi nuk e krijoi dot dosjen "%1"
ErrorTooManyFilesInDir=Nuk u krijua dot një skedar në dosjen "%1", sepse ajo ka shumë skedarë

; *** Setup common messages
ExitSetupTitle=Dalje nga instalimi
ExitSetupMessage=Instalimi nuk ka përfunduar. Nëse dilni tani, programi nuk do të instalohet.%n%nInstalimin mund ta përfundoni një herë tjetër duke e nisur sërish.%n%nTë dilet nga instalimi?
AboutSetupMenuItem=&Rreth instaluesit...
AboutSetupTitle=Rreth instaluesit
AboutSetupMessage=%1 versioni %2%n%3%n%nFaqja e %1:%n%4
AboutSetupNote=
TranslatorNote=

; *** Buttons
ButtonBack=< &Prapa
ButtonNext=&Tjetër >
ButtonInstall=&Instalo
ButtonOK=OK
ButtonCancel=Anulo
ButtonYes=&Po
ButtonYesToAll=Po për të &gjitha
ButtonNo=&Jo
ButtonNoToAll=J&o për të gjitha
ButtonFinish=&Përfundo
ButtonBrowse=&Shfleto...
ButtonWizardBrowse=Sh&fleto...
ButtonNewFolder=&Krijo dosje të re

; *** "Select Language" dialog messages
SelectLanguageTitle=Zgjidhni gjuhën e instalimit
SelectLanguageLabel=Zgjidhni gjuhën që do të përdoret gjatë instalimit.

; *** Common wizard text
ClickNext=Klikoni Tjetër për të vazhduar ose Anulo për të dalë nga instalimi.
BeveledLabel=
BrowseDialogTitle=Zgjidhni dosjen
BrowseDialogLabel=Zgjidhni një dosje në listën më poshtë, pastaj klikoni OK.
NewFolderName=Dosje e re

; *** "Welcome" wizard page
WelcomeLabel1=Mirë se vini në instalimin e [name]
WelcomeLabel2=Do të instalohet [name/ver] në kompjuterin tuaj.%n%nKëshillohet të mbyllni programet e tjera para se të vazhdoni.

; *** "Password" wizard page
WizardPassword=Fjalëkalimi
PasswordLabel1=Ky instalim mbrohet me fjalëkalim.
PasswordLabel3=Ju lutemi shkruani fjalëkalimin, pastaj klikoni Tjetër për të vazhduar. Shkronjat e mëdha dhe të vogla dallohen.
PasswordEditLabel=&Fjalëkalimi:
IncorrectPassword=Fjalëkalimi që shkruat nuk është i saktë. Ju lutemi provoni përsëri.

; *** "License Agreement" wizard page
WizardLicense=Marrëveshja e licencës
LicenseLabel=Ju lutemi lexoni informacionin e rëndësishëm më poshtë para se të vazhdoni.
LicenseLabel3=Ju lutemi lexoni marrëveshjen e licencës më poshtë. Duhet t'i pranoni kushtet e saj para se të vazhdoni instalimin.
LicenseAccepted=I &pranoj kushtet e marrëveshjes
LicenseNotAccepted=&Nuk i pranoj kushtet e marrëveshjes

; *** "Information" wizard pages
WizardInfoBefore=Informacion
InfoBeforeLabel=Ju lutemi lexoni informacionin e rëndësishëm më poshtë para se të vazhdoni.
InfoBeforeClickLabel=Kur të jeni gati të vazhdoni instalimin, klikoni Tjetër.
WizardInfoAfter=Informacion
InfoAfterLabel=Ju lutemi lexoni informacionin e rëndësishëm më poshtë para se të vazhdoni.
InfoAfterClickLabel=Kur të jeni gati të vazhdoni instalimin, klikoni Tjetër.

; *** "User Information" wizard page
WizardUserInfo=Të dhënat e përdoruesit
UserInfoDesc=Ju lutemi shkruani të dhënat tuaja.
UserInfoName=&Emri i përdoruesit:
UserInfoOrg=&Organizata:
UserInfoSerial=&Numri serial:
UserInfoNameRequired=Duhet të shkruani një emër.

; *** "Select Destination Location" wizard page
WizardSelectDir=Zgjidhni vendndodhjen
SelectDirDesc=Ku duhet të instalohet [name]?
SelectDirLabel3=Instaluesi do ta instalojë [name] në dosjen më poshtë.
SelectDirBrowseLabel=Për të vazhduar, klikoni Tjetër. Nëse doni të zgjidhni një dosje tjetër, klikoni Shfleto.
DiskSpaceGBLabel=Nevojiten të paktën [gb] GB hapësirë e lirë në disk.
DiskSpaceMBLabel=Nevojiten të paktën [mb] MB hapësirë e lirë në disk.
CannotInstallToNetworkDrive=Instaluesi nuk mund të instalojë në një disk rrjeti.
CannotInstallToUNCPath=Instaluesi nuk mund të instalojë në një shteg UNC.
InvalidPath=Duhet të shkruani një shteg të plotë me shkronjën e diskut, për shembull:%n%nC:\APP%n%nose një shteg UNC në formën:%n%n\\server\share
InvalidDrive=Disku ose ndarja UNC që zgjodhët nuk ekziston ose nuk arrihet. Ju lutemi zgjidhni një tjetër.
DiskSpaceWarningTitle=Nuk ka hapësirë të mjaftueshme
DiskSpaceWarning=Instalimi kërkon të paktën %1 KB hapësirë të lirë, por disku i zgjedhur ka vetëm %2 KB.%n%nDoni të vazhdoni gjithsesi?
DirNameTooLong=Emri i dosjes ose shtegu është shumë i gjatë.
InvalidDirName=Emri i dosjes nuk është i vlefshëm.
BadDirName32=Emrat e dosjeve nuk mund të kenë asnjë nga këto shenja:%n%n%1
DirExistsTitle=Dosja ekziston
DirExists=Dosja:%n%n%1%n%nekziston tashmë. Doni të instaloni në këtë dosje gjithsesi?
DirDoesntExistTitle=Dosja nuk ekziston
DirDoesntExist=Dosja:%n%n%1%n%nnuk ekziston. Doni që dosja të krijohet?

; *** "Select Components" wizard page
WizardSelectComponents=Zgjidhni përbërësit
SelectComponentsDesc=Cilët përbërës duhet të instalohen?
SelectComponentsLabel2=Zgjidhni përbërësit që doni të instaloni dhe hiqni shenjën te ata që nuk i doni. Klikoni Tjetër kur të jeni gati të vazhdoni.
FullInstallation=Instalim i plotë
CompactInstallation=Instalim i përmbledhur
CustomInstallation=Instalim i përshtatur
NoUninstallWarningTitle=Përbërësit ekzistojnë
NoUninstallWarning=Instaluesi zbuloi se këta përbërës janë instaluar tashmë në kompjuterin tuaj:%n%n%1%n%nHeqja e zgjedhjes nuk do t'i çinstalojë ata.%n%nDoni të vazhdoni gjithsesi?
ComponentSize1=%1 KB
ComponentSize2=%1 MB
ComponentsDiskSpaceGBLabel=Zgjedhja aktuale kërkon të paktën [gb] GB hapësirë në disk.
ComponentsDiskSpaceMBLabel=Zgjedhja aktuale kërkon të paktën [mb] MB hapësirë në disk.

; *** "Select Additional Tasks" wizard page
WizardSelectTasks=Zgjidhni detyrat shtesë
SelectTasksDesc=Cilat detyra shtesë duhet të kryhen?
SelectTasksLabel2=Zgjidhni detyrat shtesë që doni të kryejë instaluesi gjatë instalimit të [name], pastaj klikoni Tjetër.

; *** "Select Start Menu Folder" wizard page
WizardSelectProgramGroup=Zgjidhni dosjen në menynë Start
SelectStartMenuFolderDesc=Ku duhet të vendosë instaluesi shkurtoret e programit?
SelectStartMenuFolderLabel3=Instaluesi do të krijojë shkurtoret e programit në këtë dosje të menysë Start.
SelectStartMenuFolderBrowseLabel=Për të vazhduar, klikoni Tjetër. Nëse doni të zgjidhni një dosje tjetër, klikoni Shfleto.
MustEnterGroupName=Duhet të shkruani emrin e një dosjeje.
GroupNameTooLong=Emri i dosjes ose shtegu është shumë i gjatë.
InvalidGroupName=Emri i dosjes nuk është i vlefshëm.
BadGroupName=Emri i dosjes nuk mund të ketë asnjë nga këto shenja:%n%n%1
NoProgramGroupCheck2=&Mos krijo dosje në menynë Start

; *** "Ready to Install" wizard page
WizardReady=Gati për instalim
ReadyLabel1=Instaluesi është gati të fillojë instalimin e [name] në kompjuterin tuaj.
ReadyLabel2a=Klikoni Instalo për të vazhduar instalimin ose Prapa nëse doni të shikoni ose të ndryshoni ndonjë zgjedhje.
ReadyLabel2b=Klikoni Instalo për të vazhduar instalimin.
ReadyMemoUserInfo=Të dhënat e përdoruesit:
ReadyMemoDir=Vendndodhja:
ReadyMemoType=Lloji i instalimit:
ReadyMemoComponents=Përbërësit e zgjedhur:
ReadyMemoGroup=Dosja në menynë Start:
ReadyMemoTasks=Detyrat shtesë:

; *** TDownloadWizardPage wizard page and DownloadTemporaryFile
DownloadingLabel=Po shkarkohen skedarë shtesë...
ButtonStopDownload=&Ndalo shkarkimin
StopDownload=Jeni i sigurt që doni ta ndaloni shkarkimin?
ErrorDownloadAborted=Shkarkimi u ndërpre
ErrorDownloadFailed=Shkarkimi dështoi: %1 %2
ErrorDownloadSizeFailed=Madhësia nuk u mor dot: %1 %2
ErrorFileHash1=Kontrolli i skedarit dështoi: %1
ErrorFileHash2=Kontrolli i skedarit nuk përputhet: pritej %1, u gjet %2
ErrorProgress=Ecuri e pavlefshme: %1 nga %2
ErrorFileSize=Madhësi e pavlefshme e skedarit: pritej %1, u gjet %2

; *** TExtractionWizardPage wizard page and Extract7ZipArchive
ExtractionLabel=Po nxirren skedarë shtesë...
ButtonStopExtraction=&Ndalo nxjerrjen
StopExtraction=Jeni i sigurt që doni ta ndaloni nxjerrjen?
ErrorExtractionAborted=Nxjerrja u ndërpre
ErrorExtractionFailed=Nxjerrja dështoi: %1

; *** "Preparing to Install" wizard page
WizardPreparing=Përgatitja për instalim
PreparingDesc=Instaluesi po përgatitet të instalojë [name] në kompjuterin tuaj.
PreviousInstallNotCompleted=Instalimi ose heqja e një programi të mëparshëm nuk përfundoi. Duhet të rinisni kompjuterin që ai të përfundojë.%n%nPasi të rinisni kompjuterin, nisni sërish instaluesin për të përfunduar instalimin e [name].
CannotContinue=Instalimi nuk mund të vazhdojë. Ju lutemi klikoni Anulo për të dalë.
ApplicationsFound=Këto programe po përdorin skedarë që instaluesi duhet t'i përditësojë. Këshillohet ta lejoni instaluesin t'i mbyllë vetë këto programe.
ApplicationsFound2=Këto programe po përdorin skedarë që instaluesi duhet t'i përditësojë. Këshillohet ta lejoni instaluesin t'i mbyllë vetë këto programe. Pas instalimit, instaluesi do të përpiqet t'i hapë përsëri.
CloseApplications=&Mbyll vetë programet
DontCloseApplications=&Mos i mbyll programet
ErrorCloseApplications=Instaluesi nuk i mbylli dot të gjitha programet. Para se të vazhdoni, këshillohet të mbyllni vetë programet që përdorin skedarë që instaluesi duhet t'i përditësojë.
PrepareToInstallNeedsRestart=Instaluesi duhet të rinisë kompjuterin. Pasi të rinisni kompjuterin, nisni sërish instaluesin për të përfunduar instalimin e [name].%n%nDoni ta rinisni tani?

; *** "Installing" wizard page
WizardInstalling=Po instalohet
InstallingLabel=Ju lutemi prisni ndërsa instaluesi instalon [name] në kompjuterin tuaj.

; *** "Setup Completed" wizard page
FinishedHeadingLabel=Instalimi i [name] po përfundon
FinishedLabelNoIcons=Instaluesi përfundoi instalimin e [name] në kompjuterin tuaj.
FinishedLabel=Instaluesi përfundoi instalimin e [name] në kompjuterin tuaj. Programi mund të hapet nga shkurtoret e instaluara.
ClickFinish=Klikoni Përfundo për të dalë nga instalimi.
FinishedRestartLabel=Për të përfunduar instalimin e [name], instaluesi duhet të rinisë kompjuterin. Doni ta rinisni tani?
FinishedRestartMessage=Për të përfunduar instalimin e [name], instaluesi duhet të rinisë kompjuterin.%n%nDoni ta rinisni tani?
ShowReadmeCheck=Po, dua të shoh skedarin README
YesRadio=&Po, rinise kompjuterin tani
NoRadio=&Jo, do ta rinis kompjuterin më vonë
; used for example as 'Run MyProg.exe'
RunEntryExec=Hap %1
; used for example as 'View Readme.txt'
RunEntryShellExec=Shiko %1

; *** "Setup Needs the Next Disk" stuff
ChangeDiskTitle=Instaluesi ka nevojë për diskun tjetër
SelectDiskLabel2=Ju lutemi futni diskun %1 dhe klikoni OK.%n%nNëse skedarët e këtij disku gjenden në një dosje tjetër nga ajo më poshtë, shkruani shtegun e saktë ose klikoni Shfleto.
PathLabel=&Shtegu:
FileNotInDir2=Skedari "%1" nuk u gjet në "%2". Ju lutemi futni diskun e duhur ose zgjidhni një dosje tjetër.
SelectDirectoryLabel=Ju lutemi tregoni vendndodhjen e diskut tjetër.

; *** Installation phase messages
SetupAborted=Instalimi nuk përfundoi.%n%nJu lutemi ndreqni problemin dhe nisni sërish instalimin.
AbortRetryIgnoreSelectAction=Zgjidhni veprimin
AbortRetryIgnoreRetry=&Provo përsëri
AbortRetryIgnoreIgnore=&Shpërfille gabimin dhe vazhdo
AbortRetryIgnoreCancel=Anulo instalimin

; *** Installation status messages
StatusClosingApplications=Po mbyllen programet...
StatusCreateDirs=Po krijohen dosjet...
StatusExtractFiles=Po nxirren skedarët...
StatusCreateIcons=Po krijohen shkurtoret...
StatusCreateIniEntries=Po krijohen hyrjet INI...
StatusCreateRegistryEntries=Po krijohen hyrjet e regjistrit...
StatusRegisterFiles=Po regjistrohen skedarët...
StatusSavingUninstall=Po ruhen të dhënat e çinstalimit...
StatusRunProgram=Po përfundon instalimi...
StatusRestartingApplications=Po rihapen programet...
StatusRollback=Po kthehen mbrapsht ndryshimet...

; *** Misc. errors
ErrorInternal2=Gabim i brendshëm: %1
ErrorFunctionFailedNoCode=%1 dështoi
ErrorFunctionFailed=%1 dështoi; kodi %2
ErrorFunctionFailedWithMessage=%1 dështoi; kodi %2.%n%3
ErrorExecutingProgram=Skedari nuk u ekzekutua dot:%n%1

; *** Registry errors
ErrorRegOpenKey=Gabim gjatë hapjes së çelësit të regjistrit:%n%1\%2
ErrorRegCreateKey=Gabim gjatë krijimit të çelësit të regjistrit:%n%1\%2
ErrorRegWriteKey=Gabim gjatë shkrimit në çelësin e regjistrit:%n%1\%2

; *** INI errors
ErrorIniEntry=Gabim gjatë krijimit të hyrjes INI në skedarin "%1".

; *** File copying errors
FileAbortRetryIgnoreSkipNotRecommended=&Kapërce këtë skedar (nuk rekomandohet)
FileAbortRetryIgnoreIgnoreNotRecommended=&Shpërfille gabimin dhe vazhdo (nuk rekomandohet)
SourceIsCorrupted=Skedari burim është i dëmtuar
SourceDoesntExist=Skedari burim "%1" nuk ekziston
ExistingFileReadOnly2=Skedari ekzistues nuk u zëvendësua dot, sepse është vetëm për lexim.
ExistingFileReadOnlyRetry=&Hiq atributin vetëm për lexim dhe provo përsëri
ExistingFileReadOnlyKeepExisting=&Mbaj skedarin ekzistues
ErrorReadingExistingDest=Ndodhi një gabim gjatë leximit të skedarit ekzistues:
FileExistsSelectAction=Zgjidhni veprimin
FileExists2=Skedari ekziston tashmë.
FileExistsOverwriteExisting=&Mbishkruaj skedarin ekzistues
FileExistsKeepExisting=&Mbaj skedarin ekzistues
FileExistsOverwriteOrKeepAll=&Bëj të njëjtën gjë për rastet e tjera
ExistingFileNewerSelectAction=Zgjidhni veprimin
ExistingFileNewer2=Skedari ekzistues është më i ri se ai që po instalohet.
ExistingFileNewerOverwriteExisting=&Mbishkruaj skedarin ekzistues
ExistingFileNewerKeepExisting=&Mbaj skedarin ekzistues (rekomandohet)
ExistingFileNewerOverwriteOrKeepAll=&Bëj të njëjtën gjë për rastet e tjera
ErrorChangingAttr=Ndodhi një gabim gjatë ndryshimit të atributeve të skedarit ekzistues:
ErrorCreatingTemp=Ndodhi një gabim gjatë krijimit të një skedari në dosjen e instalimit:
ErrorReadingSource=Ndodhi një gabim gjatë leximit të skedarit burim:
ErrorCopying=Ndodhi një gabim gjatë kopjimit të një skedari:
ErrorReplacingExistingFile=Ndodhi një gabim gjatë zëvendësimit të skedarit ekzistues:
ErrorRestartReplace=RestartReplace dështoi:
ErrorRenamingTemp=Ndodhi një gabim gjatë riemërtimit të një skedari në dosjen e instalimit:
ErrorRegisterServer=DLL/OCX nuk u regjistrua dot: %1
ErrorRegSvr32Failed=RegSvr32 dështoi me kodin %1
ErrorRegisterTypeLib=Biblioteka e tipeve nuk u regjistrua dot: %1

; *** Uninstall display name markings
; used for example as 'My Program (32-bit)'
UninstallDisplayNameMark=%1 (%2)
; used for example as 'My Program (32-bit, All users)'
UninstallDisplayNameMarks=%1 (%2, %3)
UninstallDisplayNameMark32Bit=32-bit
UninstallDisplayNameMark64Bit=64-bit
UninstallDisplayNameMarkAllUsers=Të gjithë përdoruesit
UninstallDisplayNameMarkCurrentUser=Përdoruesi aktual

; *** Post-installation errors
ErrorOpeningReadme=Ndodhi një gabim gjatë hapjes së skedarit README.
ErrorRestartingComputer=Instaluesi nuk e rinisi dot kompjuterin. Ju lutemi rinisni atë vetë.

; *** Uninstaller messages
UninstallNotFound=Skedari "%1" nuk ekziston. Çinstalimi nuk mund të bëhet.
UninstallOpenError=Skedari "%1" nuk u hap dot. Çinstalimi nuk mund të bëhet
UninstallUnsupportedVer=Regjistri i çinstalimit "%1" është në një format që ky version i çinstaluesit nuk e njeh. Çinstalimi nuk mund të bëhet
UninstallUnknownEntry=Në regjistrin e çinstalimit u gjet një hyrje e panjohur (%1)
ConfirmUninstall=Jeni i sigurt që doni ta hiqni plotësisht %1 dhe të gjithë përbërësit e tij?
UninstallOnlyOnWin64=Ky instalim mund të çinstalohet vetëm në Windows 64-bit.
OnlyAdminCanUninstall=Ky instalim mund të çinstalohet vetëm nga një përdorues me të drejta administratori.
UninstallStatusLabel=Ju lutemi prisni ndërsa %1 hiqet nga kompjuteri juaj.
UninstalledAll=%1 u hoq me sukses nga kompjuteri juaj.
UninstalledMost=Çinstalimi i %1 përfundoi.%n%nDisa elemente nuk u hoqën dot. Ato mund të hiqen me dorë.
UninstalledAndNeedsRestart=Për të përfunduar çinstalimin e %1, kompjuteri duhet të riniset.%n%nDoni ta rinisni tani?
UninstallDataCorrupted=Skedari "%1" është i dëmtuar. Çinstalimi nuk mund të bëhet

; *** Uninstallation phase messages
ConfirmDeleteSharedFileTitle=Të hiqet skedari i përbashkët?
ConfirmDeleteSharedFile2=Sistemi tregon se ky skedar i përbashkët nuk përdoret më nga asnjë program. Doni që çinstaluesi ta heqë këtë skedar?%n%nNëse ndonjë program e përdor ende dhe skedari hiqet, ai program mund të mos punojë si duhet. Nëse nuk jeni i sigurt, zgjidhni Jo. Lënia e skedarit në sistem nuk dëmton asgjë.
SharedFileNameLabel=Emri i skedarit:
SharedFileLocationLabel=Vendndodhja:
WizardUninstalling=Gjendja e çinstalimit
StatusUninstalling=Po çinstalohet %1...

; *** Shutdown block reasons
ShutdownBlockReasonInstallingApp=Po instalohet %1.
ShutdownBlockReasonUninstallingApp=Po çinstalohet %1.

[CustomMessages]

NameAndVersion=%1 versioni %2
AdditionalIcons=Shkurtore shtesë:
CreateDesktopIcon=Krijo një shkurtore në &tryezë
CreateQuickLaunchIcon=Krijo një shkurtore në &Quick Launch
ProgramOnTheWeb=%1 në internet
UninstallProgram=Çinstalo %1
LaunchProgram=Hap %1
AssocFileExtension=&Lidh %1 me skedarët %2
AssocingFileExtension=Po lidhet %1 me skedarët %2...
AutoStartProgramGroupDescription=Nisja:
AutoStartProgram=Hap vetë %1 në nisje
AddonHostProgramNotFound=%1 nuk u gjet në dosjen që zgjodhët.%n%nDoni të vazhdoni gjithsesi?
